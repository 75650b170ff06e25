import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
/// the browser reads NUL-terminated JSON commands on fd 3 and writes replies and events on
/// fd 4). No WebDriver, no port, no Python: posix_spawn with two pipes.
final class Chromium {
    struct Failure: Error, CustomStringConvertible { let description: String }

    let pid: pid_t
    private let commands: Int32   // our end of the browser's fd 3
    private let replies: Int32    // our end of the browser's fd 4
    private var buffer = [UInt8]()
    private var nextID = 1
    private(set) var events: [[String: Any]] = []
    private let profile: URL
    /// The page's session (after `openPage`).
    private(set) var session: String?

    /// The browser executable: `$CHROMIUM`, else `chromium` or `chromium-browser` on PATH.
    static func executable() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let path = env["CHROMIUM"], FileManager.default.isExecutableFile(atPath: path) { return path }
        for dir in (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let path = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        return nil
    }

    init(executable: String, width: Int, height: Int) throws {
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("bilevel-chromium-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        var toBrowser: [Int32] = [0, 0], fromBrowser: [Int32] = [0, 0]
        guard pipe(&toBrowser) == 0, pipe(&fromBrowser) == 0 else { throw Failure(description: "pipe() failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toBrowser[0], 3)
        posix_spawn_file_actions_adddup2(&actions, fromBrowser[1], 4)
        let devnull = open("/dev/null", O_WRONLY)
        posix_spawn_file_actions_adddup2(&actions, devnull, 1)
        posix_spawn_file_actions_adddup2(&actions, devnull, 2)
        let args = [executable, "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                    "--hide-scrollbars", "--mute-audio", "--force-device-scale-factor=1", "--font-render-hinting=none",
                    "--disable-features=Translate,MediaRouter", "--allow-file-access-from-files",
                    "--user-data-dir=\(profile.path)", "--window-size=\(width),\(height)", "about:blank"]
        var cArgs = args.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, nil, &cArgs, environ)
        close(toBrowser[0]); close(fromBrowser[1]); close(devnull)
        guard rc == 0 else { throw Failure(description: "could not start \(executable): posix_spawn error \(rc)") }
        pid = child
        commands = toBrowser[1]
        replies = fromBrowser[0]
    }

    deinit { shutdown() }

    private var closed = false
    func shutdown() {
        guard !closed else { return }
        closed = true
        _ = try? send("Browser.close", session: nil, timeout: 5)
        close(commands); close(replies)
        var status: Int32 = 0
        for _ in 0..<50 {
            if waitpid(pid, &status, WNOHANG) == pid { break }
            usleep(100_000)
        }
        if waitpid(pid, &status, WNOHANG) == 0 { kill(pid, SIGKILL); waitpid(pid, &status, 0) }
        try? FileManager.default.removeItem(at: profile)
    }

    /// Sends a command (to the page's session unless `session` is given as nil explicitly via
    /// `browser: true`) and returns its `result`; a protocol error is thrown.
    @discardableResult
    func send(_ method: String, _ params: [String: Any] = [:], browser: Bool = false, timeout: Double = 60) throws -> [String: Any] {
        try send(method, params, session: browser ? nil : session, timeout: timeout)
    }

    @discardableResult
    private func send(_ method: String, _ params: [String: Any] = [:], session: String?, timeout: Double) throws -> [String: Any] {
        let id = nextID
        nextID += 1
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if let session { message["sessionId"] = session }
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBufferPointer { write(commands, $0.baseAddress, $0.count) }
            guard n > 0 else { throw Failure(description: "browser pipe closed while sending \(method)") }
            offset += n
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let reply = try readMessage(until: deadline, waitingFor: method)
            if let rid = reply["id"] as? Int, rid == id {
                if let error = reply["error"] as? [String: Any] {
                    throw Failure(description: "\(method): \(error["message"] ?? error)")
                }
                return reply["result"] as? [String: Any] ?? [:]
            }
            if reply["method"] != nil { events.append(reply) }
        }
    }

    private func readMessage(until deadline: Date, waitingFor what: String) throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let data = Data(buffer[..<end])
                buffer.removeSubrange(...end)
                guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
                return object
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw Failure(description: "no reply from the browser for \(what)") }
            var fds = pollfd(fd: replies, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, Int32(min(left, 1) * 1000))
            if ready <= 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = read(replies, &chunk, chunk.count)
            guard n > 0 else { throw Failure(description: "the browser closed its pipe (waiting for \(what))") }
            buffer += chunk[..<n]
        }
    }

    /// Drains pending events for up to `seconds` (or until `until` holds for one of them).
    func pump(seconds: Double, until: (([String: Any]) -> Bool)? = nil) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while deadline.timeIntervalSinceNow > 0 {
            do {
                let m = try readMessage(until: deadline, waitingFor: "events")
                events.append(m)
                if let until, until(m) { return true }
            } catch { return false }
        }
        return false
    }

    /// Opens a page target of `width` x `height` CSS pixels and attaches to it.
    func openPage(width: Int, height: Int) throws {
        let target = try send("Target.createTarget", ["url": "about:blank"], browser: true)
        guard let targetID = target["targetId"] as? String else { throw Failure(description: "no target id") }
        let attached = try send("Target.attachToTarget", ["targetId": targetID, "flatten": true], browser: true)
        session = attached["sessionId"] as? String
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] { try send(domain) }
        try send("Emulation.setDeviceMetricsOverride", ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": false])
    }

    /// Navigates and waits for the load event.
    func navigate(_ url: URL) throws {
        try send("Page.navigate", ["url": url.absoluteString])
        let loaded = try pump(seconds: 60) { ($0["method"] as? String) == "Page.loadEventFired" }
        if !loaded { throw Failure(description: "page \(url.path) did not finish loading") }
    }

    /// Evaluates `expression` in the page and returns its JSON value.
    func evaluate(_ expression: String) throws -> Any? {
        let r = try send("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        if let ex = r["exceptionDetails"] as? [String: Any] {
            let text = ((ex["exception"] as? [String: Any])?["description"] as? String) ?? "\(ex["text"] ?? ex)"
            throw Failure(description: "evaluating \(expression.prefix(80)): \(text)")
        }
        return (r["result"] as? [String: Any])?["value"]
    }

    func mouse(_ type: String, x: Double, y: Double, button: String = "none", clicks: Int = 0) throws {
        try send("Input.dispatchMouseEvent", ["type": type, "x": x, "y": y, "button": button, "clickCount": clicks])
    }

    /// PNG of the page region (page coordinates, CSS pixels).
    func screenshot(x: Double, y: Double, width: Double, height: Double) throws -> Data {
        let r = try send("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true,
                                                    "clip": ["x": x, "y": y, "width": width, "height": height, "scale": 1]])
        guard let b64 = r["data"] as? String, let data = Data(base64Encoded: b64) else { throw Failure(description: "no screenshot data") }
        return data
    }

    /// Console errors, uncaught exceptions and error log entries seen so far.
    var pageErrors: [String] {
        events.compactMap { e -> String? in
            let params = e["params"] as? [String: Any] ?? [:]
            switch e["method"] as? String {
            case "Runtime.consoleAPICalled" where params["type"] as? String == "error":
                return "console.error: \((params["args"] as? [[String: Any]])?.map { "\($0["value"] ?? $0["description"] ?? "")" }.joined(separator: " ") ?? "")"
            case "Runtime.exceptionThrown":
                let d = params["exceptionDetails"] as? [String: Any] ?? [:]
                return "exception: \(((d["exception"] as? [String: Any])?["description"]) ?? d["text"] ?? "")"
            case "Log.entryAdded":
                let entry = params["entry"] as? [String: Any] ?? [:]
                return entry["level"] as? String == "error" ? "log: \(entry["text"] ?? "") \(entry["url"] ?? "")" : nil
            default:
                return nil
            }
        }
    }

    /// The browser's version line, e.g. "Chrome/126.0.6478.126".
    func version() throws -> String {
        (try send("Browser.getVersion", browser: true)["product"] as? String) ?? "unknown"
    }
}
