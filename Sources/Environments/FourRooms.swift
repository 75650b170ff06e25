import BilevelCore

/// The Four Rooms grid world of the incentive-design benchmark (docs/four-rooms.md), built exactly
/// as the spec says.
///
/// - Map: 13 x 13, row `i` from the top and column `j` from the left (both 0..12); the 104
///   free cells are the states, numbered row-major over free cells only, so `(1,1) = 0`,
///   `(4,1) = 31`, `(1,9) = 7`, `(8,4) = 66`, `(11,11) = 103`.
/// - Actions: 0 up `(-1,0)`, 1 right `(0,+1)`, 2 down `(+1,0)`, 3 left `(0,-1)`; a move into a
///   wall leaves the agent where it is.
/// - Slip model (the planning model): the intended action is executed with probability
///   `1 - 4 * 0.33 / 3 = 0.56` and each of the three others with probability `0.44 / 3`, so
///   `P(s'|s,a) = sum_b q(b|a) 1[move(s, b) = s']` with `q(a|a) = 0.56`, `q(b|a) = 0.44/3`.
/// - A goal cell is absorbing (`P(goal -> goal) = 1` for every action) and terminal (zero
///   continuation, so a reward earned there is collected once).
public struct FourRooms: Sendable {
    /// The map, `x` = wall.
    public static let layout: [String] = [
        "xxxxxxxxxxxxx",
        "x     x     x",
        "x     x     x",
        "x           x",
        "x     x     x",
        "x     x     x",
        "xx xxxx     x",
        "x     xxx xxx",
        "x     x     x",
        "x     x     x",
        "x           x",
        "x     x     x",
        "xxxxxxxxxxxxx",
    ]
    public static let rows = 13
    public static let columns = 13
    public static let actionCount = 4
    /// `(drow, dcol)` of actions up, right, down, left.
    public static let moves: [(Int, Int)] = [(-1, 0), (0, 1), (1, 0), (0, -1)]
    public static let failProbability = 0.33
    /// Probability that the intended action is executed: `1 - 4 * 0.33 / 3 = 0.56`.
    public static var intendedProbability: Double { 1 - 4 * failProbability / 3 }
    /// Probability of each of the three other actions: `0.44 / 3`.
    public static var slipProbability: Double { (1 - intendedProbability) / 3 }

    /// The start cell `(4, 1)`.
    public static let start = Cell(row: 4, column: 1)
    /// The two goal contexts `(1, 9)` and `(11, 11)`, each with probability 1/2.
    public static let goals = [Cell(row: 1, column: 9), Cell(row: 11, column: 11)]
    /// The designer's target cell `(8, 4)` (bottom-left room).
    public static let target = Cell(row: 8, column: 4)

    public struct Cell: Hashable, Sendable, CustomStringConvertible {
        public let row: Int
        public let column: Int
        public init(row: Int, column: Int) { self.row = row; self.column = column }
        public var description: String { "(\(row),\(column))" }
    }

    /// `cells[s]` is the cell of state `s` (row-major over free cells).
    public let cells: [Cell]
    private let index: [Int]  // rows * columns, -1 at walls

    public init() {
        var cells = [Cell]()
        var index = [Int](repeating: -1, count: Self.rows * Self.columns)
        for (i, line) in Self.layout.enumerated() {
            for (j, ch) in line.enumerated() where ch != "x" {
                index[i * Self.columns + j] = cells.count
                cells.append(Cell(row: i, column: j))
            }
        }
        self.cells = cells
        self.index = index
    }

    /// 104.
    public var stateCount: Int { cells.count }

    /// The state of a free cell, `nil` for a wall or a cell off the map.
    public func state(_ cell: Cell) -> Int? {
        guard cell.row >= 0, cell.row < Self.rows, cell.column >= 0, cell.column < Self.columns else { return nil }
        let s = index[cell.row * Self.columns + cell.column]
        return s >= 0 ? s : nil
    }

    public func state(row: Int, column: Int) -> Int? { state(Cell(row: row, column: column)) }

    public func isWall(row: Int, column: Int) -> Bool { state(row: row, column: column) == nil }

    /// The deterministic effect of executing action `b` in state `s` (a wall leaves it put).
    public func move(_ s: Int, _ b: Int) -> Int {
        let c = cells[s], d = Self.moves[b]
        return state(row: c.row + d.0, column: c.column + d.1) ?? s
    }

    /// The dense transition tensor `P[(s*4 + a)*104 + s']` of the slip model, with `goal`
    /// absorbing.
    public func transitions(goal: Int) -> [Double] {
        let n = stateCount, m = Self.actionCount
        var p = [Double](repeating: 0, count: n * m * n)
        for s in 0..<n {
            for a in 0..<m {
                let base = (s * m + a) * n
                if s == goal { p[base + s] = 1; continue }
                for b in 0..<m {
                    p[base + move(s, b)] += b == a ? Self.intendedProbability : Self.slipProbability
                }
            }
        }
        return p
    }
}
