import XCTest
@testable import Lab

/// The content-keyed record store shared by the checkouts of one repository.
final class RecordStoreTests: XCTestCase {
    func testAnotherWorktreeReusesRecordsWithUnchangedInputs() throws {
        let fixture = try FixturePackage(git: true)
        defer { fixture.remove() }
        let calls = Locked(0)
        let first = try ToyExperiment.run(try fixture.session(["--methods", "damped,doubled"]), calls: calls)
        XCTAssertEqual(calls.value, 8)
        let store = try XCTUnwrap(RecordStore.locate(root: fixture.root))
        XCTAssertEqual(store.folder.path, fixture.root.appendingPathComponent(".git/bilevel/records").standardizedFileURL.path)

        // A second checkout of the same commit: every record comes from the store, none is rerun.
        let other = fixture.root.appendingPathComponent("other-checkout")
        try fixture.shell("git worktree add -q --detach other-checkout HEAD")
        let worktree = FixturePackage(existing: other)
        let session = try worktree.session(["--methods", "damped,doubled"])
        let reused = try ToyExperiment.run(session, calls: calls)
        XCTAssertEqual(calls.value, 8, "unchanged inputs must not rerun")
        XCTAssertEqual(session.cachedCount, 8)
        // Copied byte for byte (the provenance says where the numbers were computed).
        for record in first {
            let a = try Data(contentsOf: fixture.runs.appendingPathComponent("records/" + record.fileName))
            let b = try Data(contentsOf: worktree.runs.appendingPathComponent("records/" + record.fileName))
            XCTAssertEqual(a, b)
        }
        XCTAssertEqual(reused, first)

        // Another config in that checkout: another config hash, so everything reruns.
        try worktree.write("experiments/toy/configs/quick.yaml", "seeds: 0..3\ngamma: 0.8\niterations: 5\n")
        _ = try ToyExperiment.run(try worktree.session(["--methods", "damped,doubled"]), calls: calls)
        XCTAssertEqual(calls.value, 16)
        // Keys differ in every input (a binary built from other code has another code digest).
        let job = Job(method: "damped", seed: 1, params: ["lambda": 0.1])
        let key = RecordStore.key(experiment: "toy", profile: "quick", job: job, configHash: "c", codeDigest: "d", toolchain: "t")
        var changed = job
        changed.params["lambda"] = 0.1000000000000001
        XCTAssertNotEqual(key, RecordStore.key(experiment: "toy", profile: "quick", job: changed, configHash: "c", codeDigest: "d", toolchain: "t"))
        XCTAssertNotEqual(key, RecordStore.key(experiment: "toy", profile: "full", job: job, configHash: "c", codeDigest: "d", toolchain: "t"))
        XCTAssertNotEqual(key, RecordStore.key(experiment: "toy", profile: "quick", job: job, configHash: "c", codeDigest: "e", toolchain: "t"))
    }

    func testNoStoreOutsideGit() throws {
        let fixture = try FixturePackage(git: false)
        defer { fixture.remove() }
        XCTAssertNil(RecordStore.locate(root: fixture.root))
    }
}
