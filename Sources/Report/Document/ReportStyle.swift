/// The style sheet of every HTML report: a paper appendix rather than a dashboard —
/// a serif text column, booktabs-like tables (rules above and below, none between columns),
/// centred figures with small captions, numbers in tabular figures.
public enum ReportStyle {
    public static let css = """
    :root { --ink: #1d1d1f; --muted: #5f6368; --rule: #1d1d1f; --light: #e4e4e4; --accent: #1f4e9a;
            --pass: #1b7a3a; --fail: #b3261e; }
    html { font-size: 17px; }
    body { margin: 0; background: #fdfdfc; color: var(--ink);
           font-family: "Charter", "Bitstream Charter", "Georgia", "DejaVu Serif", serif;
           line-height: 1.5; font-variant-numeric: tabular-nums; }
    main { max-width: 50rem; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; }
    h1 { font-size: 1.55rem; line-height: 1.25; font-weight: 600; margin: 0 0 1.2rem;
         padding-bottom: .6rem; border-bottom: 2px solid var(--rule); }
    h2 { font-size: 1.22rem; font-weight: 600; margin: 2.6rem 0 .8rem; padding-top: .6rem;
         border-top: 1px solid var(--light); }
    h3 { font-size: 1rem; font-weight: 600; font-style: italic; margin: 1.6rem 0 .5rem; }
    h4 { font-size: .95rem; font-weight: 600; margin: 1.2rem 0 .4rem; }
    p, li { text-align: left; hyphens: auto; }
    a { color: var(--accent); text-decoration: none; }
    a:hover { text-decoration: underline; }
    code { font-family: "DejaVu Sans Mono", "Menlo", monospace; font-size: .8em;
           background: #f3f3f1; padding: .05em .3em; border-radius: 3px; }
    table { border-collapse: collapse; margin: .8rem 0 1.2rem; font-size: .86rem; width: auto;
            display: block; overflow-x: auto; max-width: 100%; width: fit-content;
            border-top: 1.5px solid var(--rule); border-bottom: 1.5px solid var(--rule); }
    thead th { border-bottom: 1px solid var(--rule); font-weight: 600; text-align: left; }
    th, td { padding: .28rem .75rem; vertical-align: top; }
    td[align="right"], th[align="right"] { text-align: right; white-space: nowrap; }
    tbody tr:nth-child(even) { background: #f6f6f4; }
    table:not(:has(thead th:not(:empty))) thead { display: none; }
    table:not(:has(thead th:not(:empty))) td:first-child { font-weight: 600; white-space: nowrap; color: var(--muted); }
    img { display: block; max-width: 100%; height: auto; margin: 1.6rem auto .6rem; background: white; }
    main > img + p { font-size: .84rem; color: #333; margin: 0 0 2rem; line-height: 1.45;
                     padding: 0 .5rem; }
    sub, sup { font-size: .72em; line-height: 0; }
    strong { font-weight: 600; }
    td strong { color: var(--fail); }
    td.pass { color: var(--pass); }
    ul { padding-left: 1.3rem; }
    hr { border: 0; border-top: 1px solid var(--light); margin: 2rem 0; }
    .side-by-side { display: grid; grid-template-columns: 1fr 1fr; gap: .8rem 1rem; margin: 1rem 0 2rem; }
    .side-by-side figure:nth-child(3) { grid-column: 1 / span 2; max-width: 50%; justify-self: center; }
    .side-by-side figure { margin: 0; font-size: .8rem; color: var(--muted); text-align: center; }
    .side-by-side img { margin: 0 auto .3rem; }
    td:first-child { white-space: nowrap; }
    @media print { html { font-size: 12px; } body { background: white; } main { max-width: none; padding: 0; }
                   table { display: table; font-size: .78rem; } th, td { padding: .2rem .45rem; }
                   img { break-inside: avoid; } h2, h3 { break-after: avoid; } }
    """

    /// Added for comparisons: a wider column, so A and B fit side by side.
    public static let wide = """

    main { max-width: 68rem; }
    """
}
