import Foundation

/// fsync of a file or a folder by path: a publication's bytes are on disk before it takes
/// its name, and the new name is on disk before the command says it is done.
/// https://man7.org/linux/man-pages/man2/fsync.2.html: "Calling fsync() does not
/// necessarily ensure that the entry in the directory containing the file has also reached
/// disk. For that an explicit fsync() on a file descriptor for the directory is also needed."
enum FileSync {
    static func file(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ConfigurationError("cannot open \(path) to sync it: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw ConfigurationError("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }
}
