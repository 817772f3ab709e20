import ArgumentParser
import Foundation
import Likvard

/// Entry point: runs the parsed command and maps every error to the exit codes of
/// docs/operations.md — 2 usage/configuration/key, 1 a failed stage, 4 warehouse busy — with one clear
/// sentence on stderr and never a stack trace. A publication that could not be written
/// (`PublicationError`) is exit 1 too: publish again when the cause has passed.
@main
enum Main {
    static func main() {
        ProcessHardening.noCoreDumps()
        do {
            var command = try LikvardCommand.parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let error as ConfigurationError {
            fail(error.description, code: 2)
        } catch let error as WarehouseBusyError {
            fail(error.description, code: 4)
        } catch let error as PublicationError {
            fail(error.description, code: 1)
        } catch let failed as FailedStage {
            fail(failed.error.description + ". When the cause is fixed, complete the run with: \(failed.rerun) (or let the next run do it)", code: 1)
        } catch {
            let code = LikvardCommand.exitCode(for: error)
            if code == .success {
                print(LikvardCommand.fullMessage(for: error))
                Foundation.exit(0)
            }
            // A usage mistake (ArgumentParser says validationFailure): exit 2, as docs/operations.md asks.
            if code == .validationFailure {
                FileHandle.standardError.write(Data((LikvardCommand.fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            fail(Failure.sentence(error), code: 1)
        }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("likvard: error: \(message)\n".utf8))
        Foundation.exit(code)
    }
}

struct LikvardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "likvard",
        abstract: "Likvärd: the nightly ETL and SQLite warehouse for following up equity in schools.",
        discussion: """
            Examples:
              likvard run --demo
              likvard run --pipeline pipelines/nightly.json
              likvard status --warehouse /srv/likvard/warehouse.sqlite
            """,
        version: LikvardVersion.current,
        subcommands: [RunCommand.self, StatusCommand.self, RerunCommand.self, RejectsCommand.self, PublishCommand.self, PurgeCommand.self, ReportCommand.self, FreshnessCommand.self]
    )
}
