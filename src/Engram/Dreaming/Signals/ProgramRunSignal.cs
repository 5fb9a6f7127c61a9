namespace Engram.Dreaming.Signals;

/// <summary>
/// A shell-like tool ran <see cref="Program"/> in the session: once per distinct program and session, so a session
/// adds a handful of these however long it is. Counted across sessions, the <c>ok</c> ones are the counter
/// examples of a failure: sessions where the same program ran and never failed.
/// </summary>
/// <param name="SessionId">The session.</param>
/// <param name="Agent">The agent that ran it.</param>
/// <param name="EventIndex">The first failed result when <paramref name="Failed"/>, else the first result.</param>
/// <param name="OffPath">That result was on a rewound branch or in a sub-agent.</param>
/// <param name="Program">The program the command ran (<c>pytest</c>).</param>
/// <param name="Failed">Some run of it in the session failed.</param>
internal sealed record ProgramRunSignal(string SessionId, string Agent, long EventIndex, bool OffPath, string Program, bool Failed)
    : Signal(SessionId, Agent, EventIndex, OffPath)
{
    /// <inheritdoc/>
    public override string Signature => SignatureOf(Program, Failed);

    /// <summary>The signature of a program's runs: <c>program_run|pytest|ok</c> or <c>program_run|pytest|failed</c>.</summary>
    public static string SignatureOf(string program, bool failed) => $"program_run|{program}|{(failed ? "failed" : "ok")}";
}
