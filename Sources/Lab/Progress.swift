import Foundation

/// The one-line progress display on stderr: runs done / total, elapsed time and an
/// estimate of the time left. Drawn only when stderr is a terminal (silent in CI and in
/// logs); `enabled` can force it either way.
final class Progress: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let cached: Int
    private let enabled: Bool
    private let start = Date()
    private let lock = NSLock()
    private var done = 0
    private var failed = 0

    init(label: String, total: Int, cached: Int, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.total = total
        self.cached = cached
        self.enabled = enabled
        draw()
    }

    func finished(ok: Bool) {
        lock.lock()
        done += 1
        if !ok { failed += 1 }
        lock.unlock()
        draw()
    }

    /// Clears the line (call before printing an error, and at the end).
    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func draw() {
        guard enabled else { return }
        lock.lock()
        let (done, failed) = (self.done, self.failed)
        lock.unlock()
        let elapsed = Date().timeIntervalSince(start)
        let pending = total - cached
        var line = "\r\u{1B}[K\(label): \(cached + done)/\(total) runs"
        if cached > 0 { line += " (\(cached) cached)" }
        if failed > 0 { line += ", \(failed) failed" }
        line += ", \(Self.clock(elapsed)) elapsed"
        if done > 0, done < pending {
            line += ", ~\(Self.clock(elapsed / Double(done) * Double(pending - done))) left"
        }
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : String(format: "%d:%02d", s / 60, s % 60)
    }
}
