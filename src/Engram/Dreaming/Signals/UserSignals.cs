namespace Engram.Dreaming.Signals;

/// <summary>The user corrected the agent after it acted (<c>no, use …</c>, <c>don't …</c>, <c>that's not what I asked</c>).</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Agent">The agent that ran it.</param>
/// <param name="EventIndex">The event the signal points at.</param>
/// <param name="OffPath">On a rewound branch or in a sub-agent.</param>
/// <param name="Quote">The message, secrets masked, cut to <see cref="SignalText.MaxQuoteChars"/>.</param>
/// <param name="ShortForm">Lower-cased, variable parts masked, first words: what <see cref="Signature"/> compares.</param>
internal sealed record UserCorrectionSignal(string SessionId, string Agent, long EventIndex, bool OffPath, string Quote, string ShortForm)
    : Signal(SessionId, Agent, EventIndex, OffPath)
{
    /// <inheritdoc/>
    public override string Signature => $"user_correction|{ShortForm}";
}

/// <summary>The user asked for something to be remembered (<c>remember that …</c>, <c>from now on …</c>, <c>always …</c>).</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Agent">The agent that ran it.</param>
/// <param name="EventIndex">The event the signal points at.</param>
/// <param name="OffPath">On a rewound branch or in a sub-agent.</param>
/// <param name="Quote">The message, secrets masked, cut to <see cref="SignalText.MaxQuoteChars"/>.</param>
/// <param name="ShortForm">Lower-cased, variable parts masked, first words: what <see cref="Signature"/> compares.</param>
internal sealed record RememberRequestSignal(string SessionId, string Agent, long EventIndex, bool OffPath, string Quote, string ShortForm)
    : Signal(SessionId, Agent, EventIndex, OffPath)
{
    /// <summary>Said in the session's opening message, where a harness's standing prompt also stands.</summary>
    public bool Opening { get; init; }

    /// <summary><c>opening</c> or <c>reply</c>: counted across sessions, a request that only ever opens sessions, word for word, is a standing prompt.</summary>
    public override string? Variant => Opening ? "opening" : "reply";

    /// <inheritdoc/>
    public override string Signature => $"remember_request|{ShortForm}";
}

/// <summary>Whether a memory access read or changed the memory.</summary>
internal enum MemoryAccessKind
{
    /// <summary>Viewed, listed, searched or read.</summary>
    Read,

    /// <summary>Created, edited, deleted or renamed.</summary>
    Write,
}

/// <summary>The session read or wrote memory: the memory tool, an MCP memory tool, or a file tool on a memory path.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Agent">The agent that ran it.</param>
/// <param name="EventIndex">The event the signal points at.</param>
/// <param name="OffPath">On a rewound branch or in a sub-agent.</param>
/// <param name="Tool">The tool's name.</param>
/// <param name="Path">The path touched, or <c>*</c> when the call named none (a search).</param>
/// <param name="Access">Read or write.</param>
internal sealed record MemoryAccessSignal(string SessionId, string Agent, long EventIndex, bool OffPath, string Tool, string Path, MemoryAccessKind Access)
    : Signal(SessionId, Agent, EventIndex, OffPath)
{
    /// <inheritdoc/>
    public override string Signature => $"memory_access|{Path}|{(Access == MemoryAccessKind.Read ? "read" : "write")}";
}
