import Foundation
import Lab

/// The git facts a report needs about a checkout.
public struct GitCheckout: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    func git(_ arguments: [String]) -> Shell.Output? { Shell.run("git", arguments, in: root) }

    /// Whether `root` lies in a git work tree.
    public var isRepository: Bool { git(["rev-parse", "--is-inside-work-tree"])?.text == "true" }

    /// The full commit id of HEAD, or "unknown" outside git.
    public var head: String {
        guard let out = git(["rev-parse", "HEAD"]), out.ok else { return "unknown" }
        return out.text
    }

    /// Whether tracked or untracked (non-ignored) files differ from HEAD.
    public var isDirty: Bool {
        guard let out = git(["status", "--porcelain", "--untracked-files=normal"]), out.ok else { return false }
        return !out.text.isEmpty
    }

    /// The full commit id `revision` names, or an error naming it when git does not know it.
    public func resolve(_ revision: String) throws -> String {
        guard isRepository else { throw ReportError("\(root.path) is not a git checkout; cannot resolve revision '\(revision)'") }
        guard !revision.hasPrefix("-"), let out = git(["rev-parse", "--verify", "--quiet", revision + "^{commit}"]), out.ok else {
            throw ReportError("unknown revision '\(revision)': git knows no commit by that name (try a branch, a tag, or a commit id from `git log --oneline`)")
        }
        return out.text
    }

    /// One line about a commit: `1a2b3c4 subject (2026-11-26)`.
    public func describe(_ commit: String) -> String {
        git(["log", "-1", "--format=%h %s (%cs)", commit])?.text ?? commit
    }
}
