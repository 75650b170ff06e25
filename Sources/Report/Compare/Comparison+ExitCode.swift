/// What `compare --exit-code` looks at (the `git diff --exit-code` convention: status 1 when
/// anything is flagged).
extension Comparison {
    /// Everything flagged: metrics, record series, figure data and landscape fields beyond
    /// their tolerance (or present on one side only), and figures whose pixels changed for a
    /// reason other than informational data (timings). Informational differences never count.
    public var flaggedCount: Int {
        flaggedMetrics.count + series.filter(\.flagged).count + figureData.filter(\.flagged).count
            + landscapes.filter(\.flagged).count + changedFigures.filter { !$0.informationalOnly }.count
    }
}
