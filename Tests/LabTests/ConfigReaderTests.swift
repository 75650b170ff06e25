import XCTest
@testable import Lab

final class ConfigReaderTests: XCTestCase {
    let yaml = """
        gamma: 0.99
        iterations: 100
        lambdas: [1, 10, 100]
        penalty: value
        environment:
          states: 10
          tau: 0.05
        """

    func read(_ text: String) throws -> ConfigReader { try ConfigReader(yaml: text, file: "test.yaml") }

    func testReadsTypedValuesAndResolvesDefaults() throws {
        let config = try read(yaml)
        XCTAssertEqual(try config.double("gamma", in: 0..<1), 0.99)
        XCTAssertEqual(try config.int("iterations", min: 1), 100)
        XCTAssertEqual(try config.doubles("lambdas", in: .positive), [1, 10, 100])
        XCTAssertEqual(try config.string("penalty", oneOf: ["value", "bellman"]), "value")
        XCTAssertEqual(try config.double("learningRate", default: 0.1, in: .positive), 0.1)
        let env = try config.section("environment")
        XCTAssertEqual(try env.int("states", min: 1), 10)
        XCTAssertEqual(try env.double("tau", in: .positive), 0.05)
        XCTAssertNoThrow(try config.finish())
        let expected: JSONValue = .object([
            "gamma": .double(0.99), "iterations": .int(100), "lambdas": .array([.double(1), .double(10), .double(100)]),
            "penalty": .string("value"), "learningRate": .double(0.1),
            "environment": .object(["states": .int(10), "tau": .double(0.05)]),
        ])
        XCTAssertEqual(config.resolved, expected)
        XCTAssertEqual(String(decoding: try config.resolved.canonicalData(), as: UTF8.self),
                       #"{"environment":{"states":10,"tau":0.05},"gamma":0.99,"iterations":100,"lambdas":[1,10,100],"learningRate":0.1,"penalty":"value"}"#)
    }

    func testHashIgnoresSpellingOfSameValues() throws {
        func hash(_ text: String) throws -> String {
            let config = try read(text)
            _ = try config.double("lambda", in: .positive)
            _ = try config.int("n", default: 3)
            try config.finish()
            return SHA256.hex(Array(try config.resolved.canonicalData()))
        }
        XCTAssertEqual(try hash("lambda: 1"), try hash("lambda: 1.0\nn: 3"))
        XCTAssertNotEqual(try hash("lambda: 1"), try hash("lambda: 2"))
    }

    func testUnknownKeyNamesTheKeyLineAndValidKeys() throws {
        let config = try read("gamma: 0.9\ngama: 0.9\niterations: 3\n")
        _ = try config.double("gamma")
        _ = try config.int("iterations")
        XCTAssertThrowsError(try config.finish()) { error in
            let e = error as! ConfigError
            XCTAssertEqual(e.kind, .unknownKey)
            XCTAssertEqual(e.message, "test.yaml:2: unknown key 'gama' (did you mean 'gamma'?); valid keys: gamma, iterations")
        }
    }

    func testUnknownKeyInNestedSectionNamesThePath() throws {
        let config = try read(yaml.replacingOccurrences(of: "tau:", with: "tua:"))
        for key in ["gamma"] { _ = try config.double(key) }
        _ = try config.int("iterations"); _ = try config.doubles("lambdas"); _ = try config.string("penalty")
        let env = try config.section("environment")
        _ = try env.int("states")
        XCTAssertEqual(try env.double("tau", default: 0.1), 0.1)
        XCTAssertThrowsError(try config.finish()) { error in
            XCTAssertEqual((error as! ConfigError).message,
                           "test.yaml:7: unknown key 'environment.tua' (did you mean 'tau'?); valid keys in 'environment': states, tau")
        }
    }

    func testWrongTypes() throws {
        let config = try read("gamma: abc\nn: 1.5\nflag: 3\nname: 7\nxs: 4\nenv: 1\n")
        XCTAssertThrowsError(try config.double("gamma")) {
            XCTAssertEqual(($0 as! ConfigError).message, "test.yaml:1: 'gamma' must be a number, got 'abc' (a string)")
        }
        XCTAssertThrowsError(try config.int("n")) {
            XCTAssertEqual(($0 as! ConfigError).message, "test.yaml:2: 'n' must be an integer, got 1.5")
        }
        XCTAssertThrowsError(try config.bool("flag")) { XCTAssertEqual(($0 as! ConfigError).kind, .wrongType) }
        XCTAssertThrowsError(try config.string("name")) { XCTAssertEqual(($0 as! ConfigError).kind, .wrongType) }
        XCTAssertThrowsError(try config.doubles("xs")) {
            XCTAssertEqual(($0 as! ConfigError).message, "test.yaml:5: 'xs' must be a list of numbers, got 4")
        }
        XCTAssertThrowsError(try config.section("env")) { XCTAssertEqual(($0 as! ConfigError).kind, .wrongType) }
    }

    func testOutOfRange() throws {
        let config = try read("gamma: 1.0\ntau: 0\niterations: 0\nlambdas: [1, -2]\nmethod: adam\nx: .nan\n")
        XCTAssertThrowsError(try config.double("gamma", in: 0..<1)) {
            XCTAssertEqual(($0 as! ConfigError).message, "test.yaml:1: 'gamma' = 1.0 is out of range; valid: [0, 1)")
        }
        XCTAssertThrowsError(try config.double("tau", in: .positive)) {
            XCTAssertEqual(($0 as! ConfigError).message, "test.yaml:2: 'tau' = 0 is out of range; valid: (0, inf)")
        }
        XCTAssertThrowsError(try config.int("iterations", min: 1)) {
            XCTAssertEqual(($0 as! ConfigError).message, "test.yaml:3: 'iterations' = 0 is out of range; valid: 1...10000000")
        }
        XCTAssertThrowsError(try config.doubles("lambdas", in: .positive)) {
            XCTAssertEqual(($0 as! ConfigError).message, "test.yaml:4: 'lambdas[1]' = -2 is out of range; valid: (0, inf)")
        }
        XCTAssertThrowsError(try config.string("method", oneOf: ["sgd", "momentum"])) {
            XCTAssertEqual(($0 as! ConfigError).message,
                           "test.yaml:5: 'method' = 'adam' is not a valid choice; valid: sgd, momentum")
        }
        XCTAssertThrowsError(try config.double("x")) { XCTAssertEqual(($0 as! ConfigError).kind, .outOfRange) }
    }

    func testMissingKeyAndMissingSection() throws {
        let config = try read("a: 1\n")
        XCTAssertThrowsError(try config.double("gamma", in: 0..<1)) {
            XCTAssertEqual(($0 as! ConfigError).message, "test.yaml:1: missing key 'gamma' (a number in [0, 1))")
        }
        XCTAssertThrowsError(try config.section("env")) { XCTAssertEqual(($0 as! ConfigError).kind, .missingKey) }
        XCTAssertEqual(try config.section("opt", required: false).double("lr", default: 0.5), 0.5)
    }

    func testSyntaxErrorMissingFileAndNonMapping() {
        XCTAssertThrowsError(try read("gamma: [1, 2\n")) {
            let e = $0 as! ConfigError
            XCTAssertEqual(e.kind, .syntax)
            XCTAssertTrue(e.message.hasPrefix("test.yaml:"), e.message)
            XCTAssertFalse(e.message.contains("\n"))
        }
        XCTAssertThrowsError(try read("a: 1\na: 2\n")) { XCTAssertEqual(($0 as! ConfigError).kind, .syntax) }
        XCTAssertThrowsError(try read("- 1\n- 2\n")) { XCTAssertEqual(($0 as! ConfigError).kind, .wrongType) }
        XCTAssertThrowsError(try ConfigReader(contentsOf: URL(fileURLWithPath: "/nonexistent/quick.yaml"))) {
            XCTAssertEqual(($0 as! ConfigError).message, "config file not found: /nonexistent/quick.yaml")
        }
        XCTAssertNoThrow(try read("").finish())
    }

    func testSectionsListAndIntervalDescriptions() throws {
        let config = try read("cells:\n  - {tau: 0.1, c: 1}\n  - {tau: 0.2, c: 3, extra: 1}\n")
        let cells = try config.sections("cells")
        XCTAssertEqual(try cells.map { try $0.double("tau") }, [0.1, 0.2])
        XCTAssertEqual(try cells.map { try $0.int("c") }, [1, 3])
        XCTAssertThrowsError(try config.finish()) {
            XCTAssertEqual(($0 as! ConfigError).message,
                           "test.yaml:3: unknown key 'cells[1].extra'; valid keys in 'cells[1]': c, tau")
        }
        XCTAssertEqual(Interval(0...1).description, "[0, 1]")
        XCTAssertEqual(Interval.open(0, 0.5).description, "(0, 0.5)")
        XCTAssertFalse(Interval.positive.contains(.infinity))
    }

    func testBadProfileNameAndBadOptions() {
        XCTAssertThrowsError(try ExperimentOptions.parse(["--profile", "fast"])) { error in
            let message = ExperimentOptions.message(for: error)
            XCTAssertTrue(message.contains("fast") && message.contains("quick") && message.contains("full"), message)
        }
        XCTAssertThrowsError(try ExperimentOptions.parse(["--seeds", "0..x"]))
        XCTAssertThrowsError(try ExperimentOptions.parse(["--jobs", "0"]))
        XCTAssertEqual(try SeedList.parse("0..3,7"), [0, 1, 2, 3, 7])
        XCTAssertEqual(try SeedList.parse("2..<4"), [2, 3])
    }
}
