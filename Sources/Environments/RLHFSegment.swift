import BilevelCore

/// A trajectory segment `sigma = ((s_0, a_0), ..., (s_{L'-1}, a_{L'-1}))`, `L' <= L`: the
/// state-action pairs visited by a policy from `s_0 ~ rho`. A segment ends early when it acts
/// in a terminal state (the episode is over), so `L' < L` only if `s_{L'-1}` is terminal.
public struct Segment: Sendable, Hashable {
    public var states: [Int]
    public var actions: [Int]

    public init(states: [Int], actions: [Int]) {
        precondition(states.count == actions.count, "Segment: one action per state")
        self.states = states; self.actions = actions
    }

    public var length: Int { states.count }

    /// The **undiscounted** segment return `R(sigma) = sum_t r[s_t, a_t]` for a reward table
    /// `r[s * m + a]` (the convention of preference-based RL, Christiano et al. 2017: segment
    /// returns are not discounted; the MDP's `gamma` enters only the value functions).
    public func returnUnder(_ reward: [Double], actionCount m: Int) -> Double {
        var total = 0.0
        for t in 0..<states.count { total += reward[states[t] * m + actions[t]] }
        return total
    }

    /// Visit counts `c[s * m + a] = #{t : (s_t, a_t) = (s, a)}` added into `table` times
    /// `weight` (so `R(sigma) = r . c` and the counts are the gradient of `R` in a tabular `r`).
    public func addCounts(into table: inout [Double], actionCount m: Int, weight: Double = 1) {
        for t in 0..<states.count { table[states[t] * m + actions[t]] += weight }
    }

    /// Adds `weight * d log P_y(sigma) / dy` into `table`, the score of the segment in the
    /// softmax logits `y` of `policy` (`pi_y = softmax(y)`): with
    /// `log P_y(sigma) = log rho(s_0) + sum_t [log pi_y(a_t|s_t) + log P(s_{t+1}|s_t, a_t)]`,
    /// only the policy terms depend on `y`, and
    /// `d log pi_y(a_t|s_t) / dy[s, a] = 1[s = s_t] (1[a = a_t] - pi(a|s_t))`.
    public func addScore(into table: inout [Double], policy: Policy, weight: Double) {
        let m = policy.actionCount
        for t in 0..<states.count {
            let s = states[t], row = s * m
            table[row + actions[t]] += weight
            for a in 0..<m { table[row + a] -= weight * policy.probabilities[row + a] }
        }
    }
}

extension TabularMDP {
    /// Samples a segment of (at most) `length` steps: `s_0 ~ rho`, `a_t ~ pi(.|s_t)`,
    /// `s_{t+1} ~ P(.|s_t, a_t)`; stops after acting in a terminal state.
    public func sampleSegment(policy: Policy, length: Int, rng: inout SeededGenerator) -> Segment {
        var states = [Int](), actions = [Int]()
        states.reserveCapacity(length); actions.reserveCapacity(length)
        var s = Self.categorical(initialDistribution, offset: 0, count: stateCount, rng: &rng)
        for _ in 0..<length {
            let a = Self.categorical(policy.probabilities, offset: s * actionCount, count: actionCount, rng: &rng)
            states.append(s); actions.append(a)
            if terminal[s] { break }
            let base = (s * actionCount + a) * stateCount
            let u = rng.uniform()
            var acc = 0.0
            let succ = successors[s * actionCount + a]
            var next = succ[succ.count - 1]
            for t in succ {
                acc += transitions[base + t]
                if u < acc { next = t; break }
            }
            s = next
        }
        return Segment(states: states, actions: actions)
    }

    /// Every segment of (at most) `length` steps with positive probability under `policy`,
    /// with its probability `P(sigma) = rho(s_0) prod_t pi(a_t|s_t) P(s_{t+1}|s_t, a_t)`.
    /// The probabilities sum to 1. Exponential in `length`: for tiny instances (tests).
    public func enumerateSegments(policy: Policy, length: Int) -> [(segment: Segment, probability: Double)] {
        var out = [(segment: Segment, probability: Double)]()
        func extend(_ states: [Int], _ actions: [Int], _ prob: Double, _ s: Int) {
            for a in 0..<actionCount {
                let pa = policy[s, a]
                if pa == 0 { continue }
                let st = states + [s], ac = actions + [a]
                if st.count == length || terminal[s] {
                    out.append((Segment(states: st, actions: ac), prob * pa))
                    continue
                }
                let base = (s * actionCount + a) * stateCount
                for t in successors[s * actionCount + a] {
                    extend(st, ac, prob * pa * transitions[base + t], t)
                }
            }
        }
        for s in 0..<stateCount where initialDistribution[s] > 0 {
            extend([], [], initialDistribution[s], s)
        }
        return out
    }

    /// Index drawn from the `count` probabilities starting at `offset` (inverse CDF).
    static func categorical(_ p: [Double], offset: Int, count: Int, rng: inout SeededGenerator) -> Int {
        let u = rng.uniform()
        var acc = 0.0
        var last = 0
        for i in 0..<count {
            let q = p[offset + i]
            if q <= 0 { continue }
            last = i
            acc += q
            if u < acc { return i }
        }
        return last
    }
}
