import XCTest
import Lab
import Algorithms
@testable import rlhf_deep

/// E3b at the quick profile, computed in-process from experiments/rlhf-deep/configs/quick.yaml.
final class RLHFDeepExperimentTests: XCTestCase {
    private static let configsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("experiments/rlhf-deep/configs")

    private func config(_ profile: String) throws -> DeepRLHFConfig {
        try DeepRLHFConfig(reading: try ConfigReader(contentsOf: Self.configsDirectory.appendingPathComponent("\(profile).yaml")))
    }

    /// Every profile parses; standard and full keep the paper's schedule counts.
    func testProfilesParseAndKeepThePapersSchedule() throws {
        for profile in ["standard", "full"] {
            let s = try config(profile).settings
            XCTAssertEqual([s.initialPairs, s.pairsPerEpoch, s.bufferCapacity], [576, 16, 3000], profile)
        }
        XCTAssertEqual(try config("full").settings.warmupSteps, 9000)  // 500 epochs x 576/32 minibatches
        XCTAssertNoThrow(try config("quick"))
    }

    /// A quick PBRL run: the record has the series, finals and replayable episodes.
    func testQuickRunRecord() throws {
        let c = try config("quick")
        let held = HeldOutSegments.breakout(pairs: c.heldOutPairs, length: c.settings.segmentLength,
                                            stickyProbability: c.settings.stickyProbability, seed: c.heldOutSeed)
        let r = try c.result(method: .pbrl, lambda: 1, seed: 0, heldOut: held)
        try r.validate()
        XCTAssertEqual(r.series["frames"]?.first, 0 + Double(2 * c.settings.initialPairs * c.settings.segmentLength / 1))
        XCTAssertEqual(r.series["true_return"]?.count, r.series["frames"]?.count)
        XCTAssertNotNil(r.series["held_out_accuracy"])
        guard case .array(let episodes)? = r.episodes else { return XCTFail("no episodes") }
        XCTAssertEqual(episodes.count, c.settings.recordedEpisodes)
        let keys = episodes.first?.objectValue.map { Set($0.keys) }
        XCTAssertEqual(keys, ["start", "actions", "sticky", "rewards"])
    }

    func testBadConfigIsRejectedWithOneLine() throws {
        let reader = try ConfigReader(yaml: "evaluation_episodes: 2\nrecorded_episodes: 5\n", file: "bad.yaml")
        XCTAssertThrowsError(try DeepRLHFConfig(reading: reader)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("recorded_episodes"), text)
            XCTAssertFalse(text.contains("\n"))
        }
        let negative = try ConfigReader(yaml: "lambdas: [-1]\n", file: "bad.yaml")
        XCTAssertThrowsError(try DeepRLHFConfig(reading: negative))
    }
}
