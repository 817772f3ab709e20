@testable import Likvard
import Testing

@Suite struct PupilIdentifierTests {
    static let recordDate = CivilDate(year: 2024, month: 6, day: 30)!

    @Test(arguments: [
        // text, kind, normalized, birth, sex
        ("200903141232", PupilIdentifier.Kind.personnummer, "200903141232", "2009-03-14", PupilIdentifier.Sex.male),
        ("20090314-1232", .personnummer, "200903141232", "2009-03-14", .male),
        ("090314-1232", .personnummer, "200903141232", "2009-03-14", .male),
        ("0903141232", .personnummer, "200903141232", "2009-03-14", .male),
        ("20090374-1239", .samordningsnummer, "200903741239", "2009-03-14", .male),
        ("20120315-1244", .personnummer, "201203151244", "2012-03-15", .female),
    ])
    func acceptedForms(text: String, kind: PupilIdentifier.Kind, normalized: String, birth: String, sex: PupilIdentifier.Sex) throws {
        let id = try #require(PupilIdentifier.parse(text, recordDate: Self.recordDate))
        #expect(id.kind == kind)
        #expect(id.normalized == normalized)
        #expect(id.birthDate.description == birth)
        #expect(id.sex == sex)
    }

    @Test(arguments: ["20120315-T042", "20120315-TF10", "20120315tf10", "20120315TAB1"])
    func temporaryIDs(text: String) throws {
        let id = try #require(PupilIdentifier.parse(text, recordDate: Self.recordDate))
        #expect(id.kind == .temporary)
        #expect(id.sex == nil)
        #expect(id.birthDate.description == "2012-03-15")
        #expect(id.normalized.hasPrefix("20120315-T"))
        #expect(id.normalized == id.normalized.uppercased())
    }

    @Test func temporaryIDIsNormalisedUpperCaseWithDash() {
        #expect(PupilIdentifier.parse("20120315tf10", recordDate: Self.recordDate)?.normalized == "20120315-TF10")
    }

    @Test(arguments: [
        "20090314-1233",      // wrong check digit
        "090314+1232",        // + : a hundred years or older, never a pupil
        "20090230-1234",      // no 30 February
        "20120332-T042",      // not a real date
        "20120315-X042",      // not T
        "20120315-T04",       // too short
        "20120315-T04!",      // not 0-9A-Z
        "2009031412",         // 10 digits but bad check digit
        "abc",
        "20090314-12321",
        "",
    ])
    func rejectedForms(text: String) {
        #expect(PupilIdentifier.parse(text, recordDate: Self.recordDate) == nil)
    }

    @Test func tenDigitCenturyIsTheLatestOnOrBeforeTheRecordDate() throws {
        // 24-07-01 is after the record date 2024-06-30: the pupil was born in 1924.
        let late = try #require(PupilIdentifier.parse("240701-0004", recordDate: Self.recordDate))
        #expect(late.birthDate.year == 1924)
        let early = try #require(PupilIdentifier.parse("240630-0000", recordDate: Self.recordDate))
        #expect(early.birthDate.year == 2024)
    }

    @Test func luhnCheckDigit() {
        #expect(PupilIdentifier.luhnCheckDigit([0, 9, 0, 3, 1, 4, 1, 2, 3][...]) == 2)
        #expect(PupilIdentifier.luhnCheckDigit([8, 1, 1, 2, 1, 8, 9, 8, 7][...]) == 6)
    }
}

@Suite struct IdentifierMaskTests {
    @Test(arguments: [
        ("20090314-1232", "20090314-****"),
        ("200903141232", "20090314****"),
        ("090314-1232", "090314-****"),
        ("0903141232", "090314****"),
        ("20120315-TF10", "20120315-****"),
        ("20120315tf10", "20120315****"),
        ("x;20090314-1232;12345678;2024-06-10;\"20120315-T042\"", "x;20090314-****;12345678;2024-06-10;\"20120315-****\""),
        ("skolenhetskod 12345678 datum 20240610", "skolenhetskod 12345678 datum 20240610"),
        ("Årskurs 9 vid Älvsjöskolan", "Årskurs 9 vid Älvsjöskolan"),
        // the forms of issue #15: any separator, letters next to it, hyphens in the date
        ("20090314 1232", "20090314 ****"),
        ("20090314\u{2013}1232", "20090314\u{2013}****"),
        ("20090314\u{2010}1232 och 090314\u{2015}1232", "20090314\u{2010}**** och 090314\u{2015}****"),
        ("pnr200903141232x", "pnr20090314****x"),
        ("Ali20120315-T042.csv", "Ali20120315-****.csv"),
        ("2009-03-14-1232", "2009-03-14-****"),
        ("20120315 TF10", "20120315 ****"),
        ("20090374-1239", "20090374-****"),
        ("090314+1232", "090314+****"),
        // the forms of issue #25: the date unchecked, a digit too many, any separator (up to
        // two), full-width digits; any run of 10 to 13 digits
        ("20091332-4781", "20091332-****"),
        ("20090419-47823", "20090419-*****"),
        ("20190230-T0X1", "20190230-****"),
        ("20090314\u{00A0}1232", "20090314 ****"),   // NFKC: a no-break space is a space
        ("20090314\u{2212}1232", "20090314\u{2212}****"),
        ("20090314\t1232", "20090314\t****"),
        ("20090314\u{200B}1232", "20090314\u{200B}****"),
        ("20090314  1232", "20090314  ****"),
        ("20090314.1232", "20090314.****"),
        ("20090314/1232", "20090314/****"),
        ("20090314_1232", "20090314_****"),
        ("20090314\n1232", "20090314\n****"),
        ("２００９０４１８－１２３２", "20090418-****"),
        ("kommentar 20090314-1232", "kommentar 20090314-****"),
        ("1234567890123", "12345678*****"),
        ("2009031412321", "20090314*****"),
        // school codes, a date alone, amounts stay readable
        ("12345678-1234 och 12345678", "12345678-1234 och 12345678"),
        ("20090314 och 2024-06-10", "20090314 och 2024-06-10"),
        ("skolenhetskod 20123456;2024-06-10;1250000 kr", "skolenhetskod 20123456;2024-06-10;1250000 kr"),
    ])
    func masks(input: String, expected: String) {
        #expect(IdentifierMask.mask(input) == expected)
    }
}

@Suite struct CalendarTests {
    @Test(arguments: [("HT2023", "HT2023"), ("VT2024", "VT2024"), ("ht2023", "HT2023"), ("HT 2023", "HT2023"), ("vt2000", "VT2000")])
    func terms(text: String, code: String) throws {
        #expect(try #require(Term(text)).code == code)
    }

    @Test(arguments: ["HT23", "XT2023", "HT20233", "", "VT２０２４"])
    func invalidTerms(text: String) { #expect(Term(text) == nil) }

    @Test(arguments: [("2024-02-29", true), ("20240229", true), ("2023-02-29", false), ("2024-13-01", false),
                      ("2024-6-1", false), ("2024/06/01", false), ("", false)])
    func dates(text: String, valid: Bool) { #expect((CivilDate.parse(text) != nil) == valid) }

    @Test(arguments: [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T23:30:00+01:00", "2024-03-05"),
        ("2024-03-05T23:30:00Z", "2024-03-06"),          // 00:30 in Stockholm (CET)
        ("2024-07-05T22:30:00Z", "2024-07-06"),          // 00:30 CEST
        ("2024-07-05T21:30:00Z", "2024-07-05"),          // 23:30 CEST
        ("2024-12-31T23:59", "2024-12-31"),              // no offset: already Stockholm time
        ("2024-06-30T23:30:00.123-02:00", "2024-07-01"),
        ("2024-03-31T00:59:00Z", "2024-03-31"),          // 01:59 CET, before the switch
    ])
    func stockholmDates(text: String, expected: String) {
        #expect(StockholmTime.date(of: text)?.description == expected)
    }

    @Test(arguments: ["2024-03-05T25:00", "2024-03-05T", "2024-03-05T10:00+1", "yesterday"])
    func invalidDateTimes(text: String) { #expect(StockholmTime.date(of: text) == nil) }
}
