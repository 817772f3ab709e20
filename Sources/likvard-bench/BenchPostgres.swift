import Foundation

/// A PostgreSQL server for the publication benchmark: Debian's `postgresql` (15+), `initdb`
/// into `bench-data/postgres` as an unprivileged user when run as root, listening on a Unix
/// socket in that folder only; stopped by `stop()` (the bench calls it whatever happens).
struct BenchPostgres {
    let folder: String
    let bin: String
    private let asUser: String

    var url: String { "postgresql://likvard_bench@/likvard?host=\(folder)" }

    static func start(in folder: String) throws -> BenchPostgres {
        let root = "/usr/lib/postgresql"
        guard let version = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init)
                .filter({ $0 >= 15 }).max() else {
            throw BenchError("no PostgreSQL 15+ under \(root): `make bench` installs Debian's postgresql package")
        }
        let server = BenchPostgres(folder: folder, bin: "\(root)/\(version)/bin", asUser: getuid() == 0 ? "runuser -u nobody -- " : "")
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if getuid() == 0 { try Shell.run("chown nobody '\(folder)'") }
        try Shell.run("\(server.asUser)'\(server.bin)/initdb' -D '\(folder)/data' -U likvard_bench --auth=trust -E UTF8 --locale=C.UTF-8 > /dev/null")
        // Durable settings as a real server has them (fsync on): the figure is what a city sees.
        try spawnAndWait("\(server.asUser)'\(server.bin)/pg_ctl' -D '\(folder)/data' -l '\(folder)/server.log' -w "
                         + "-o \"-k '\(folder)' -c listen_addresses=''\" start > /dev/null")
        try Shell.run("'\(server.bin)/psql' -q -h '\(folder)' -U likvard_bench -d postgres -c 'CREATE DATABASE likvard' > /dev/null")
        return server
    }

    /// Runs `command` with posix_spawn rather than Foundation's Process: the server it
    /// leaves running must inherit none of our descriptors (Process watches its child
    /// through one, and would wait for the server too).
    private static func spawnAndWait(_ command: String) throws {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            if let fd = Int32(name), fd > 2 { _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ["/bin/sh", "-c", command].map { (word: String) in strdup(word) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ) == 0 else { throw BenchError("cannot run: \(command)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else { throw BenchError("command failed: \(command)") }
    }

    func stop() {
        try? Shell.run("\(asUser)'\(bin)/pg_ctl' -D '\(folder)/data' -m fast -w stop > /dev/null")
    }
}
