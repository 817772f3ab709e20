import Foundation
import LikvardPostgres
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL server (Debian's `postgresql` package, 15 or newer) for the tests:
/// `initdb` into a temporary folder, run as an unprivileged user when the tests run as root
/// (the server refuses root), listening on a Unix socket in that folder only — no TCP port,
/// nothing shared with another test run. It stops when `stop()` is called and also when
/// the test process dies however it dies: the server runs under a shell that waits on a
/// pipe only this process holds, and stops the server when the pipe closes.
public final class TestPostgresServer: @unchecked Sendable {
    public let folder: TempDirectory
    /// The Unix socket's folder (libpq's `host`).
    public var socketFolder: String { folder.path }
    private let supervisor: pid_t
    private var lifeline: Int32
    private let lock = NSLock()

    /// The superuser, trusted over the socket: the tests' database administrator.
    public static let admin = "likvard_admin"
    /// A login role with a password (scram-sha-256), CREATEROLE and its own databases: what
    /// a city's publishing account is. Its password reaches libpq through a pgpass file.
    public static let publisher = "likvard_publisher"
    public static let publisherPassword = "publisher-Secret-4711"

    /// The server of the running suite (see `.postgresServer`).
    @TaskLocal public static var current: TestPostgresServer?

    public static func start() throws -> TestPostgresServer {
        let bin = try binaries()
        let folder = TempDirectory("likvard-pg")
        let asUser: [String] = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "nobody", "--"] : []
        if getuid() == 0 {
            // runuser's child must be able to write there
            chown(folder.path, 65534, 65534)
        }
        let initdb = try ChildProcess.run(asUser.first ?? bin + "/initdb", Array(asUser.dropFirst()) + (asUser.isEmpty ? [] : [bin + "/initdb"])
            + ["-D", folder.path + "/data", "-U", admin, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        guard initdb.exitCode == 0 else { throw ServerError("initdb failed: \(initdb.stderr)") }
        // The admin is trusted over the socket; everyone else gives a password.
        let hba = folder.path + "/data/pg_hba.conf"
        try "local all \(admin) trust\nlocal all all scram-sha-256\n".write(toFile: hba, atomically: false, encoding: .utf8)

        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw ServerError("pipe: \(String(cString: strerror(errno)))") }
        _ = fcntl(pipeFDs[1], F_SETFD, FD_CLOEXEC)   // no other child inherits the lifeline
        let script = "\"$@\" & server=$!; read line; kill -INT $server; wait $server"
        let command = asUser + ["/bin/sh", "-c", script, "postgres-supervisor", bin + "/postgres", "-D", folder.path + "/data",
                                "-k", folder.path, "-c", "listen_addresses=", "-c", "fsync=off", "-c", "full_page_writes=off",
                                "-c", "log_min_messages=fatal"]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, folder.path + "/server.log", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of ours: no other descriptor (the test runner's pipes would stay open as
        // long as the server lives), and a clean signal mask — a test thread blocks SIGCHLD,
        // and the supervising shell would never see the server end.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            if let fd = Int32(name), fd > 2 { _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, command[0], &actions, &attributes, argv, environ)
        close(pipeFDs[0])
        guard rc == 0 else { close(pipeFDs[1]); throw ServerError("cannot start postgres: \(String(cString: strerror(rc)))") }
        let server = TestPostgresServer(folder: folder, supervisor: pid, lifeline: pipeFDs[1])
        try server.waitUntilReady()
        try server.admin("""
            CREATE ROLE \(publisher) LOGIN CREATEROLE PASSWORD '\(publisherPassword)';
            """)
        return server
    }

    private init(folder: TempDirectory, supervisor: pid_t, lifeline: Int32) {
        self.folder = folder
        self.supervisor = supervisor
        self.lifeline = lifeline
    }

    deinit { stop() }

    /// Stops the server (fast shutdown) and waits for it.
    public func stop() {
        lock.lock(); defer { lock.unlock() }
        guard lifeline >= 0 else { return }
        close(lifeline)
        lifeline = -1
        var status: Int32 = 0
        while waitpid(supervisor, &status, 0) < 0 && errno == EINTR {}
    }

    /// A libpq URL for `user` and `database` over this server's socket.
    public func url(user: String = TestPostgresServer.admin, database: String = "postgres") -> String {
        "postgresql://\(user)@/\(database)?host=\(socketFolder)"
    }

    /// A connection as the superuser.
    public func connect(database: String = "postgres") throws -> PostgresConnection {
        try PostgresConnection(url: url(database: database))
    }

    /// Runs statements as the superuser.
    public func admin(_ sql: String, database: String = "postgres") throws {
        try connect(database: database).execute(sql)
    }

    /// A new database owned by the publisher, for one test: tests share the server, never a database.
    public func makeDatabase(_ label: String) throws -> String {
        let name = "\(label)_\(UUID().uuidString.prefix(8).lowercased())"
        try admin("CREATE DATABASE \(name) OWNER \(Self.publisher)")
        return name
    }

    /// A pgpass file (mode 0600) with the publisher's password — or `password` — for PGPASSFILE.
    public func passfile(in dir: TempDirectory, password: String = TestPostgresServer.publisherPassword) -> String {
        let path = dir.write("pgpass", "\(socketFolder):5432:*:\(Self.publisher):\(password)\n")
        chmod(path, 0o600)
        return path
    }

    private func waitUntilReady() throws {
        let deadline = Date().addingTimeInterval(30)
        while true {
            do { _ = try connect(); return } catch {
                if Date() > deadline {
                    let log = (try? String(contentsOfFile: folder.path + "/server.log", encoding: .utf8)) ?? ""
                    throw ServerError("the test server did not start within 30 s: \(error) — \(log)")
                }
                usleep(50_000)
            }
        }
    }

    /// The newest installed server (15 or newer) from Debian's `postgresql` package.
    private static func binaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).filter { $0 >= 15 }.sorted()
        guard let version = versions.last, FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/postgres") else {
            throw ServerError("no PostgreSQL 15+ server under \(root): `make test` installs Debian's postgresql package")
        }
        return "\(root)/\(version)/bin"
    }

    public struct ServerError: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}

/// `@Suite(.postgresServer)`: one real server for the suite's tests, stopped when the suite
/// ends, whether its tests passed or not.
public struct PostgresServerTrait: SuiteTrait, TestScoping {
    public var isRecursive: Bool { false }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        let server = try TestPostgresServer.start()
        defer { server.stop() }
        try await TestPostgresServer.$current.withValue(server) { try await function() }
    }
}

extension Trait where Self == PostgresServerTrait {
    public static var postgresServer: Self { Self() }
}
