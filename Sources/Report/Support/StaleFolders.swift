import Foundation

/// Folders a killed `report` or `compare` leaves behind (`.staging-<name>-<pid>`,
/// `.old-<name>-<pid>`): removed by the next run writing in the same place, when the process
/// that made them is gone. A live process's folders are left alone.
enum StaleFolders {
    static func remove(in directory: URL) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: directory.path)) ?? []
        where name.hasPrefix(".staging-") || name.hasPrefix(".old-") {
            guard let dash = name.lastIndex(of: "-"), let pid = Int32(name[name.index(after: dash)...]),
                  pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? fm.removeItem(at: directory.appendingPathComponent(name))
        }
    }
}
