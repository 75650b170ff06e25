import XCTest
@testable import Lab

/// NIST FIPS 180-4 example vectors (csrc.nist.gov, "SHA256.pdf" and the SHA-2 test vectors).
final class SHA256Tests: XCTestCase {
    func testEmptyMessage() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    func testABC() {
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func test448BitMessage() {
        XCTAssertEqual(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testOneMillionA() {
        XCTAssertEqual(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testIncrementalUpdatesEqualOneShot() {
        let bytes = (0..<200).map { UInt8($0) }
        var hasher = SHA256()
        hasher.update(bytes[..<63])
        hasher.update(bytes[63..<64])
        hasher.update(bytes[64...])
        XCTAssertEqual(SHA256.hexString(hasher.finalize()), SHA256.hex(bytes))
    }
}
