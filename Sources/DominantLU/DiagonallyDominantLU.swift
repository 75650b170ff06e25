/// LU factorization without pivoting, `A = L U`, of a square matrix that is diagonally
/// dominant by rows, `|a_ii| >= sum_{j != i} |a_ij|`, such as `I - C P_pi` (strictly, with
/// margin `1 - max_s c_s`).
///
/// Why no pivoting: for a nonsingular matrix diagonally dominant by rows (or columns) Gaussian
/// elimination without interchanges exists and its growth factor is at most 2 (Wilkinson;
/// Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., Theorem 9.9), so the
/// computed factors satisfy `L U = A + E` with `|E| <= c n u |L| |U|`, `|L||U| = O(|A|)`: the
/// same backward stability as partial pivoting, without the search and the row swaps.
///
/// Layout: the factors are stored row-major in an `N x N` block `F`, `N = n` rounded up to a
/// multiple of 8, 64-byte aligned, `A` padded with the identity (`diag(A, I)` factors into
/// `diag(L, I) diag(U, I)` exactly, so the padding never changes a number). Strictly lower
/// part: `L` (unit diagonal); upper part: `U`; with the reciprocals `1 / u_kk`. A second copy,
/// `G = F^T`, written tile by tile as the factorization produces them, gives the columns of `L`
/// and `U` as contiguous rows: both solves are then row operations (`A^T x = b` on `F`, `A x = b`
/// on `G`), which vectorize without horizontal sums.
///
/// Algorithm: right-looking elimination by blocks of 8 columns. Per block: the 8 x 8 diagonal
/// block, then the 8 rows of `U` to its right (row operations on 8-wide vectors), then the rows
/// below in tiles of 8: first the 8 entries of `L` of every tile, by substitution on the
/// transposed tile (columns as vectors, so the recurrence runs across 8 rows at once), then
/// the rank-8 update of the trailing entries with 8 x 16 register tiles of fused
/// multiply-adds (padding rows and columns, which would only receive zeros, skipped).
/// Where the time goes: benchmarks/README.md, "Measurements behind the code's choices".
///
/// Exactness: every operation is an explicit fused multiply-add (`addingProduct`), product or
/// reciprocal, in an order fixed by the code (each entry of the Schur complement receives its
/// updates in increasing `k`). No reduction is reassociated, so the factors and solutions are
/// bitwise identical run to run and on any x86-64: checked for AVX-512, AVX2, baseline SSE2 and
/// debug builds (the vector width only changes the speed).
package final class DiagonallyDominantLU: @unchecked Sendable {
    typealias V8 = SIMD8<Double>
    /// Eight 8-wide vectors: the rows (or, transposed, the columns) of an 8 x 8 tile.
    typealias Tile = (V8, V8, V8, V8, V8, V8, V8, V8)

    /// Order of the matrix.
    package let n: Int
    /// Padded order and leading dimension, a multiple of 8.
    let ld: Int
    /// `F` (`ld * ld`), `G = F^T` (`ld * ld`), then the `ld` reciprocal pivots. Written once, in `init`.
    let storage: UnsafeMutablePointer<Double>

    var factors: UnsafeMutablePointer<Double> { storage }
    var transposedFactors: UnsafeMutablePointer<Double> { storage + ld * ld }
    var inversePivots: UnsafeMutablePointer<Double> { storage + 2 * ld * ld }

    /// Factorizes the row-major `n x n` matrix at `a` (read only).
    /// - Parameter requireDominance: first check (while copying `a`, O(n^2)) that every row has
    ///   `|a_ii| >= sum_{j != i} |a_ij|` (tested as `sum_j |a_ij| <= 2 |a_ii|`) with finite
    ///   entries, and throw `NotDominant` otherwise, before any elimination.
    /// - Throws: `ZeroPivot` when a pivot (in `0 ..< n`) is zero or not finite.
    package convenience init(_ a: UnsafePointer<Double>, n: Int, requireDominance: Bool = false) throws {
        try self.init(order: n) { f, ld in
            for i in 0..<n {
                let src = a + i * n, dst = f + i * ld
                var acc = V8()
                var j = 0
                while j + 8 <= n {
                    let v = Self.load(src + j)
                    Self.store(dst + j, v)
                    acc += Self.magnitude(v)
                    j += 8
                }
                var s = Self.sum(acc)
                while j < n { dst[j] = src[j]; s += abs(src[j]); j += 1 }
                while j < ld { dst[j] = 0; j += 1 }
                if requireDominance && !(s.isFinite && s <= 2 * abs(src[i])) { throw NotDominant(row: i) }
            }
        }
    }

    /// Factorizes the matrix that `fill` writes straight into the padded storage, without an
    /// intermediate copy: `fill(f, ld)` receives zeroed rows `f + i * ld` (`i < n`, columns
    /// `0 ..< n` to be written). The caller guarantees diagonal dominance by rows (no check).
    /// - Throws: `ZeroPivot` when a pivot (in `0 ..< n`) is zero or not finite.
    package convenience init(n: Int, fill: (_ rows: UnsafeMutablePointer<Double>, _ ld: Int) -> Void) throws {
        try self.init(order: n) { f, ld in
            f.initialize(repeating: 0, count: n * ld)
            fill(f, ld)
        }
    }

    /// Allocates the padded storage, lets `write` fill rows `0 ..< n` (every entry of each, the
    /// padding columns included), sets the identity padding rows and factorizes. Whatever
    /// `write` or the factorization throws is rethrown after freeing the storage.
    private init(order n: Int, write: (_ rows: UnsafeMutablePointer<Double>, _ ld: Int) throws -> Void) throws {
        precondition(n >= 1, "LU: empty matrix")
        let ld = (n + 7) & ~7
        let count = 2 * ld * ld + ld
        let f = UnsafeMutableRawPointer.allocate(byteCount: 8 * count, alignment: 64)
            .bindMemory(to: Double.self, capacity: count)
        do {
            try write(f, ld)
            for i in n..<ld {
                (f + i * ld).initialize(repeating: 0, count: ld)
                f[i * ld + i] = 1
            }
            try Self.factor(f, n: n, ld: ld, transposed: f + ld * ld, inversePivots: f + 2 * ld * ld)
        } catch {
            f.deallocate()
            throw error
        }
        self.n = n
        self.ld = ld
        self.storage = f
    }

    deinit { storage.deallocate() }

    /// The packed factors of `A` (row-major `n x n`: `L` strictly below the diagonal, `U` on and
    /// above it), copied out of the padded storage.
    package var packedFactors: [Double] {
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { out[i * n + j] = storage[i * ld + j] } }
        return out
    }

    // MARK: - Factorization

    @inline(__always) static func load(_ p: UnsafePointer<Double>) -> V8 { UnsafeRawPointer(p).loadUnaligned(as: V8.self) }
    @inline(__always) static func load(_ p: UnsafeMutablePointer<Double>) -> V8 { UnsafeRawPointer(p).loadUnaligned(as: V8.self) }
    @inline(__always) static func store(_ p: UnsafeMutablePointer<Double>, _ v: V8) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: V8.self) }
    /// `|v|` lane by lane (the sign bit cleared).
    @inline(__always) static func magnitude(_ v: V8) -> V8 {
        unsafeBitCast(unsafeBitCast(v, to: SIMD8<UInt64>.self) & SIMD8(repeating: ~(1 << 63)), to: V8.self)
    }
    @inline(__always) static func splat(_ x: Double) -> V8 { V8(repeating: x) }
    /// Sum of the 8 lanes in a fixed order: halves, then quarters, then the last pair.
    @inline(__always) static func sum(_ v: V8) -> Double {
        let q = v.lowHalf + v.highHalf
        let p = q.lowHalf + q.highHalf
        return p[0] + p[1]
    }

    /// One perfect unshuffle of the 64 entries of a row-major 8 x 8 tile (evens first, then
    /// odds): it rotates the 6 index bits right by one, so three of them transpose the tile.
    @inline(__always) static func unshuffle(_ r: Tile) -> Tile {
        (V8(lowHalf: r.0.evenHalf, highHalf: r.1.evenHalf), V8(lowHalf: r.2.evenHalf, highHalf: r.3.evenHalf),
         V8(lowHalf: r.4.evenHalf, highHalf: r.5.evenHalf), V8(lowHalf: r.6.evenHalf, highHalf: r.7.evenHalf),
         V8(lowHalf: r.0.oddHalf, highHalf: r.1.oddHalf), V8(lowHalf: r.2.oddHalf, highHalf: r.3.oddHalf),
         V8(lowHalf: r.4.oddHalf, highHalf: r.5.oddHalf), V8(lowHalf: r.6.oddHalf, highHalf: r.7.oddHalf))
    }
    @inline(__always) static func transpose(_ r: Tile) -> Tile { unshuffle(unshuffle(unshuffle(r))) }

    @inline(__always) static func loadTile(_ p: UnsafeMutablePointer<Double>, _ ld: Int) -> Tile {
        (load(p), load(p + ld), load(p + 2 &* ld), load(p + 3 &* ld),
         load(p + 4 &* ld), load(p + 5 &* ld), load(p + 6 &* ld), load(p + 7 &* ld))
    }
    @inline(__always) static func storeTile(_ p: UnsafeMutablePointer<Double>, _ ld: Int, _ t: Tile) {
        store(p, t.0); store(p + ld, t.1); store(p + 2 &* ld, t.2); store(p + 3 &* ld, t.3)
        store(p + 4 &* ld, t.4); store(p + 5 &* ld, t.5); store(p + 6 &* ld, t.6); store(p + 7 &* ld, t.7)
    }

    /// In-place factorization of the padded `ld x ld` row-major block `A` (`ld % 8 == 0`, rows
    /// and columns from `n` on = identity).
    static func factor(_ A: UnsafeMutablePointer<Double>, n: Int, ld: Int, transposed G: UnsafeMutablePointer<Double>,
                       inversePivots dinv: UnsafeMutablePointer<Double>) throws {
        var kb = 0
        while kb < ld {
            try factorDiagonalBlock(A + kb * ld + kb, ld: ld, column: kb, n: n, dinv + kb)
            storeTile(G + kb * ld + kb, ld, transpose(loadTile(A + kb * ld + kb, ld)))
            eliminateRightOfBlock(A, ld: ld, kb: kb, transposed: G)
            // All multipliers of the block column first (independent tiles: their recurrences
            // overlap), then the updates, which read the multipliers from G.
            var i0 = kb + 8
            while i0 < ld {
                multipliersBelowBlock(A, ld: ld, kb: kb, i0: i0, dinv: dinv + kb, transposed: G)
                i0 += 8
            }
            i0 = kb + 8
            while i0 < ld {
                updateBelowBlock(A, ld: ld, kb: kb, i0: i0, transposed: G, n: n)
                i0 += 8
            }
            kb += 8
        }
    }

    /// Unpivoted elimination of the 8 x 8 diagonal block `D` (scalar, right-looking).
    @inline(__always)
    static func factorDiagonalBlock(_ D: UnsafeMutablePointer<Double>, ld: Int, column kb: Int, n: Int, _ dinv: UnsafeMutablePointer<Double>) throws {
        for k in 0..<8 {
            let pivot = D[k &* ld &+ k]
            if kb + k < n { guard pivot != 0, pivot.isFinite else { throw ZeroPivot(column: kb + k) } }
            let inv = 1.0 / pivot
            dinv[k] = inv
            var i = k &+ 1
            while i < 8 {
                let l = D[i &* ld &+ k] * inv
                D[i &* ld &+ k] = l
                var j = k &+ 1
                while j < 8 { D[i &* ld &+ j] = D[i &* ld &+ j].addingProduct(-l, D[k &* ld &+ j]); j &+= 1 }
                i &+= 1
            }
        }
    }

    /// Rows `kb ..< kb + 8` right of the diagonal block become rows of `U`: `U_12 = L_11^{-1} A_12`,
    /// by row operations on 8 x 8 tiles held in registers (row `i` receives rows `k < i` in
    /// increasing `k`); each finished tile is also stored transposed in `G`.
    @inline(__always)
    static func eliminateRightOfBlock(_ A: UnsafeMutablePointer<Double>, ld: Int, kb: Int, transposed G: UnsafeMutablePointer<Double>) {
        let D = A + kb * ld + kb
        @inline(__always) func l(_ i: Int, _ k: Int) -> V8 { splat(-D[i &* ld &+ k]) }
        var c = kb &+ 8
        while c < ld {
            let P = A + kb * ld + c
            var r = loadTile(P, ld)
            r.1 = r.1.addingProduct(l(1, 0), r.0)
            r.2 = r.2.addingProduct(l(2, 0), r.0).addingProduct(l(2, 1), r.1)
            r.3 = r.3.addingProduct(l(3, 0), r.0).addingProduct(l(3, 1), r.1).addingProduct(l(3, 2), r.2)
            r.4 = r.4.addingProduct(l(4, 0), r.0).addingProduct(l(4, 1), r.1).addingProduct(l(4, 2), r.2)
                .addingProduct(l(4, 3), r.3)
            r.5 = r.5.addingProduct(l(5, 0), r.0).addingProduct(l(5, 1), r.1).addingProduct(l(5, 2), r.2)
                .addingProduct(l(5, 3), r.3).addingProduct(l(5, 4), r.4)
            r.6 = r.6.addingProduct(l(6, 0), r.0).addingProduct(l(6, 1), r.1).addingProduct(l(6, 2), r.2)
                .addingProduct(l(6, 3), r.3).addingProduct(l(6, 4), r.4).addingProduct(l(6, 5), r.5)
            r.7 = r.7.addingProduct(l(7, 0), r.0).addingProduct(l(7, 1), r.1).addingProduct(l(7, 2), r.2)
                .addingProduct(l(7, 3), r.3).addingProduct(l(7, 4), r.4).addingProduct(l(7, 5), r.5)
                .addingProduct(l(7, 6), r.6)
            storeTile(P, ld, r)
            storeTile(G + c * ld + kb, ld, transpose(r))
            c &+= 8
        }
    }

    /// Rows `i0 ..< i0 + 8` below the diagonal block: their 8 entries of `L` (`L_21 = A_21 U_11^{-1}`,
    /// by substitution on the transposed tile), stored in `A` and (transposed) in `G`.
    @inline(__always)
    static func multipliersBelowBlock(_ A: UnsafeMutablePointer<Double>, ld: Int, kb: Int, i0: Int,
                                      dinv: UnsafeMutablePointer<Double>, transposed G: UnsafeMutablePointer<Double>) {
        let D = A + kb * ld + kb
        let R = A + i0 * ld
        // Column p of the tile (entries p of the 8 rows): t.p; u(k, p) = U[kb + k, kb + p].
        var t = transpose(loadTile(R + kb, ld))
        @inline(__always) func u(_ k: Int, _ p: Int) -> V8 { splat(D[k &* ld &+ p]) }
        t.0 = t.0 * splat(dinv[0])
        t.1 = t.1.addingProduct(-t.0, u(0, 1)) * splat(dinv[1])
        t.2 = t.2.addingProduct(-t.0, u(0, 2)).addingProduct(-t.1, u(1, 2)) * splat(dinv[2])
        t.3 = t.3.addingProduct(-t.0, u(0, 3)).addingProduct(-t.1, u(1, 3)).addingProduct(-t.2, u(2, 3)) * splat(dinv[3])
        t.4 = t.4.addingProduct(-t.0, u(0, 4)).addingProduct(-t.1, u(1, 4)).addingProduct(-t.2, u(2, 4))
            .addingProduct(-t.3, u(3, 4)) * splat(dinv[4])
        t.5 = t.5.addingProduct(-t.0, u(0, 5)).addingProduct(-t.1, u(1, 5)).addingProduct(-t.2, u(2, 5))
            .addingProduct(-t.3, u(3, 5)).addingProduct(-t.4, u(4, 5)) * splat(dinv[5])
        t.6 = t.6.addingProduct(-t.0, u(0, 6)).addingProduct(-t.1, u(1, 6)).addingProduct(-t.2, u(2, 6))
            .addingProduct(-t.3, u(3, 6)).addingProduct(-t.4, u(4, 6)).addingProduct(-t.5, u(5, 6)) * splat(dinv[6])
        t.7 = t.7.addingProduct(-t.0, u(0, 7)).addingProduct(-t.1, u(1, 7)).addingProduct(-t.2, u(2, 7))
            .addingProduct(-t.3, u(3, 7)).addingProduct(-t.4, u(4, 7)).addingProduct(-t.5, u(5, 7))
            .addingProduct(-t.6, u(6, 7)) * splat(dinv[7])
        storeTile(R + kb, ld, transpose(t))
        storeTile(G + kb * ld + i0, ld, t)
    }

    /// The rank-8 update of rows `i0 ..< i0 + 8` right of the block column:
    /// `A[i, c] -= sum_k L[i, kb + k] U[kb + k, c]`, `k` ascending, in 8 x 16 register tiles.
    /// The multipliers are read from `G` (`G[kb + k, i0 + r] = L[i0 + r, kb + k]`). Padding rows
    /// and columns (from `n` on) receive only zero updates, so whole groups of 4 of them are
    /// skipped (exactly: they stay identity rows and zero columns).
    @inline(__always)
    static func updateBelowBlock(_ A: UnsafeMutablePointer<Double>, ld: Int, kb: Int, i0: Int,
                                 transposed G: UnsafeMutablePointer<Double>, n: Int) {
        let R = A + i0 * ld
        let x = G + kb * ld + i0
        let U = A + kb * ld
        let end = min(ld, (n + 3) & ~3)
        var c = kb &+ 8
        if i0 + 4 >= n {
            // Rows i0 + 4 ..< i0 + 8 are padding: 4 rows, 8 (then 4) columns at a time.
            while c &+ 8 <= end { updateColumns(V8.self, R, ld, x, U, c, rows: 4); c &+= 8 }
            if c < end { updateColumns(SIMD4<Double>.self, R, ld, x, U, c, rows: 4) }
            return
        }
        while c &+ 16 <= end {
            let r = R + c
            var a0 = loadTile(r, ld), a1 = loadTile(r + 8, ld)
            var k = 0
            while k < 8 {
                let up = U + (k &* ld &+ c)
                let u0 = load(up), u1 = load(up + 8)
                let xk = x + k &* ld
                var b = splat(-xk[0]); a0.0 = a0.0.addingProduct(b, u0); a1.0 = a1.0.addingProduct(b, u1)
                b = splat(-xk[1]); a0.1 = a0.1.addingProduct(b, u0); a1.1 = a1.1.addingProduct(b, u1)
                b = splat(-xk[2]); a0.2 = a0.2.addingProduct(b, u0); a1.2 = a1.2.addingProduct(b, u1)
                b = splat(-xk[3]); a0.3 = a0.3.addingProduct(b, u0); a1.3 = a1.3.addingProduct(b, u1)
                b = splat(-xk[4]); a0.4 = a0.4.addingProduct(b, u0); a1.4 = a1.4.addingProduct(b, u1)
                b = splat(-xk[5]); a0.5 = a0.5.addingProduct(b, u0); a1.5 = a1.5.addingProduct(b, u1)
                b = splat(-xk[6]); a0.6 = a0.6.addingProduct(b, u0); a1.6 = a1.6.addingProduct(b, u1)
                b = splat(-xk[7]); a0.7 = a0.7.addingProduct(b, u0); a1.7 = a1.7.addingProduct(b, u1)
                k &+= 1
            }
            storeTile(r, ld, a0); storeTile(r + 8, ld, a1)
            c &+= 16
        }
        if c &+ 8 <= end {
            let r = R + c
            var a = loadTile(r, ld)
            var k = 0
            while k < 8 {
                let u0 = load(U + (k &* ld &+ c))
                let xk = x + k &* ld
                a.0 = a.0.addingProduct(splat(-xk[0]), u0); a.1 = a.1.addingProduct(splat(-xk[1]), u0)
                a.2 = a.2.addingProduct(splat(-xk[2]), u0); a.3 = a.3.addingProduct(splat(-xk[3]), u0)
                a.4 = a.4.addingProduct(splat(-xk[4]), u0); a.5 = a.5.addingProduct(splat(-xk[5]), u0)
                a.6 = a.6.addingProduct(splat(-xk[6]), u0); a.7 = a.7.addingProduct(splat(-xk[7]), u0)
                k &+= 1
            }
            storeTile(r, ld, a)
            c &+= 8
        }
        if c < end { updateColumns(SIMD4<Double>.self, R, ld, x, U, c, rows: 8) }
    }

    /// The rank-8 update of `rows` rows (a multiple of 4) at columns `c ..< c + V.scalarCount`,
    /// 4 rows at a time (the same multiply-adds in the same order as the register tiles).
    @inline(__always)
    static func updateColumns<V: SIMD>(_: V.Type, _ R: UnsafeMutablePointer<Double>, _ ld: Int, _ x: UnsafeMutablePointer<Double>,
                                       _ U: UnsafeMutablePointer<Double>, _ c: Int, rows: Int) where V.Scalar == Double {
        @inline(__always) func at(_ p: UnsafeMutablePointer<Double>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
        var r = 0
        while r < rows {
            let p = R + (r &* ld &+ c)
            var a0 = at(p), a1 = at(p + ld), a2 = at(p + 2 &* ld), a3 = at(p + 3 &* ld)
            var k = 0
            while k < 8 {
                let u = at(U + (k &* ld &+ c)), xk = x + (k &* ld &+ r)
                a0 = a0.addingProduct(V(repeating: -xk[0]), u); a1 = a1.addingProduct(V(repeating: -xk[1]), u)
                a2 = a2.addingProduct(V(repeating: -xk[2]), u); a3 = a3.addingProduct(V(repeating: -xk[3]), u)
                k &+= 1
            }
            UnsafeMutableRawPointer(p).storeBytes(of: a0, as: V.self)
            UnsafeMutableRawPointer(p + ld).storeBytes(of: a1, as: V.self)
            UnsafeMutableRawPointer(p + 2 &* ld).storeBytes(of: a2, as: V.self)
            UnsafeMutableRawPointer(p + 3 &* ld).storeBytes(of: a3, as: V.self)
            r &+= 4
        }
    }

    // MARK: - Solves

    /// Runs `body` on a zero-padded, 64-byte aligned copy of the `n` entries at `x`, then copies
    /// the first `n` entries back.
    @inline(__always)
    func withPadded(_ x: UnsafeMutablePointer<Double>, _ body: (UnsafeMutablePointer<Double>) -> Void) {
        withUnsafeTemporaryAllocation(byteCount: 8 * ld, alignment: 64) { raw in
            let y = raw.baseAddress!.bindMemory(to: Double.self, capacity: ld)
            y.update(from: x, count: n)
            (y + n).initialize(repeating: 0, count: ld - n)
            body(y)
            x.update(from: y, count: n)
        }
    }

    /// Lane `c` of `v` in all 8 lanes.
    @inline(__always) static func broadcast(_ v: V8, _ c: Int) -> V8 { splat(v[c]) }
    static let lanes = V8(0, 1, 2, 3, 4, 5, 6, 7)
    /// `v` with the lanes `<= c` set to 0.
    @inline(__always) static func keep(_ v: V8, after c: Int) -> V8 { v.replacing(with: 0, where: lanes .<= Double(c)) }
    /// `v` with the lanes `>= c` set to 0.
    @inline(__always) static func keep(_ v: V8, before c: Int) -> V8 { v.replacing(with: 0, where: lanes .>= Double(c)) }

    /// Solves `A x = b` in place (`x` holds the `n` entries of `b` on entry): `L y = b` forward,
    /// then `U x = y` backward, with the rows of `G = F^T` (the columns of `L` and `U`).
    package func solve(_ x: UnsafeMutablePointer<Double>) {
        withPadded(x) { y in Self.substitute(transposedFactors, ld, inversePivots, y, scaledForward: false) }
    }

    /// Solves `A^T x = b` in place: `A^T = U^T L^T`; `U^T z = b` forward, then `L^T x = z`
    /// backward, with the rows of `F` (the columns of `U^T` and `L^T`).
    package func solveTransposed(_ x: UnsafeMutablePointer<Double>) {
        withPadded(x) { y in Self.substitute(factors, ld, inversePivots, y, scaledForward: true) }
    }

    /// Column-oriented substitutions with the triangles of `M` (`F` or `G`), in place on the
    /// padded `y`: forward with the rows of the upper triangle (`M[k, j]`, `j >= k`, is the
    /// coefficient of unknown `k` in equation `j`), then backward with the rows of the strictly
    /// lower triangle. The pivots `1 / u_kk` divide in the forward sweep (`M = F`: `U^T`) or in
    /// the backward one (`M = G`: `U`); the other triangle has a unit diagonal. After each
    /// diagonal block is solved (8 unknowns, one lane each), its 8 rows update the remaining
    /// entries in 8-wide chunks, each entry in increasing (forward) or decreasing (backward) `k`.
    static func substitute(_ M: UnsafeMutablePointer<Double>, _ ld: Int, _ dinv: UnsafeMutablePointer<Double>,
                           _ y: UnsafeMutablePointer<Double>, scaledForward: Bool) {
        var i0 = 0
        while i0 < ld {
            let R = M + i0 * ld
            var v = load(y + i0)
            if scaledForward {
                let d = load(dinv + i0)
                for c in 0..<7 { v = mulAdd(v, -broadcast(v * d, c), keep(load(R + c * ld + i0), after: c)) }
                v *= d
            } else {
                for c in 0..<7 { v = mulAdd(v, -broadcast(v, c), keep(load(R + c * ld + i0), after: c)) }
            }
            store(y + i0, v)
            subtractRows(R, ld, v, y, from: i0 + 8, to: ld)
            i0 &+= 8
        }
        i0 = ld - 8
        while i0 >= 0 {
            let R = M + i0 * ld
            var v = load(y + i0)
            if scaledForward {
                var c = 7
                while c > 0 { v = mulAdd(v, -broadcast(v, c), keep(load(R + c * ld + i0), before: c)); c &-= 1 }
            } else {
                let d = load(dinv + i0)
                var c = 7
                while c > 0 { v = mulAdd(v, -broadcast(v * d, c), keep(load(R + c * ld + i0), before: c)); c &-= 1 }
                v *= d
            }
            store(y + i0, v)
            subtractRows(R, ld, v, y, from: 0, to: i0)
            i0 &-= 8
        }
    }

    /// `y[from ..< to] -= sum_c w[c] R[c, from ..< to]` over the 8 rows of `R`, `c` ascending.
    @inline(__always)
    static func subtractRows(_ R: UnsafeMutablePointer<Double>, _ ld: Int, _ w: V8, _ y: UnsafeMutablePointer<Double>, from: Int, to: Int) {
        let w0 = -broadcast(w, 0), w1 = -broadcast(w, 1), w2 = -broadcast(w, 2), w3 = -broadcast(w, 3)
        let w4 = -broadcast(w, 4), w5 = -broadcast(w, 5), w6 = -broadcast(w, 6), w7 = -broadcast(w, 7)
        var j = from
        while j < to {
            let r = R + j
            var v = load(y + j)
            v = mulAdd(v, w0, load(r)); v = mulAdd(v, w1, load(r + ld))
            v = mulAdd(v, w2, load(r + 2 &* ld)); v = mulAdd(v, w3, load(r + 3 &* ld))
            v = mulAdd(v, w4, load(r + 4 &* ld)); v = mulAdd(v, w5, load(r + 5 &* ld))
            v = mulAdd(v, w6, load(r + 6 &* ld)); v = mulAdd(v, w7, load(r + 7 &* ld))
            store(y + j, v)
            j &+= 8
        }
    }
}

/// `x + a b` lane by lane, rounded once (fused multiply-add).
@inline(__always) private func mulAdd(_ x: SIMD8<Double>, _ a: SIMD8<Double>, _ b: SIMD8<Double>) -> SIMD8<Double> { x.addingProduct(a, b) }

/// A zero or non-finite pivot met in `column`: the matrix is singular (or not finite).
package struct ZeroPivot: Error, Equatable {
    package let column: Int
}

/// Row `row` is not diagonally dominant (or not finite): the matrix needs pivoting.
package struct NotDominant: Error, Equatable {
    package let row: Int
}
