namespace Engram.Dreaming.Signals;

/// <summary>A tool call failed (its result is flagged as an error, or a shell's output plainly reads as one).</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Agent">The agent that ran it.</param>
/// <param name="EventIndex">The failed result.</param>
/// <param name="OffPath">On a rewound branch or in a sub-agent.</param>
/// <param name="Tool">The tool's name.</param>
/// <param name="Program">For shell-like tools, the program the command ran (<c>pytest</c>); else null.</param>
/// <param name="Input">A short, secret-masked summary of the call's input (the command, or the path it named).</param>
/// <param name="Template">The error text reduced to a template.</param>
/// <param name="Quote">The failure's line, secrets masked, at most <see cref="SignalText.MaxQuoteChars"/> characters.</param>
public sealed record ToolFailureSignal(
    string SessionId, string Agent, long EventIndex, bool OffPath,
    string Tool, string? Program, string Input, ErrorTemplate Template, string Quote)
    : Signal(SessionId, Agent, EventIndex, OffPath)
{
    /// <inheritdoc/>
    public override string Signature => $"tool_failure|{Tool}|{Program ?? "-"}|{Template.Id}";
}

/// <summary>A failed call followed, within a few tool uses, by a success of the same tool with changed input: what finally worked.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Agent">The agent that ran it.</param>
/// <param name="OffPath">On a rewound branch or in a sub-agent.</param>
/// <param name="EventIndex">The succeeding result.</param>
/// <param name="Tool">The tool's name.</param>
/// <param name="FailureIndex">The failed result.</param>
/// <param name="FailureTemplate">The failure's template.</param>
/// <param name="FailedInput">Summary of the failed call's input.</param>
/// <param name="SucceededInput">Summary of the succeeding call's input.</param>
/// <param name="Change">The differing part, as <c>`before` -> `after`</c> (common leading and trailing words left out).</param>
/// <param name="SucceededShape">The succeeding input's first words with variable parts masked (<c>python -m pytest</c>).</param>
public sealed record RecoveredRetrySignal(
    string SessionId, string Agent, long EventIndex, bool OffPath,
    string Tool, long FailureIndex, ErrorTemplate FailureTemplate, string FailedInput, string SucceededInput, string Change, string SucceededShape)
    : Signal(SessionId, Agent, EventIndex, OffPath)
{
    /// <inheritdoc/>
    public override string Signature => $"recovered_retry|{Tool}|{FailureTemplate.Id}|{SucceededShape}";
}

/// <summary>The same call (tool and normalized input) made again and again with no other call succeeding in between: a loop.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Agent">The agent that ran it.</param>
/// <param name="OffPath">On a rewound branch or in a sub-agent.</param>
/// <param name="EventIndex">The first of the calls.</param>
/// <param name="Tool">The tool's name.</param>
/// <param name="Input">A short, secret-masked summary of the call's input.</param>
/// <param name="LastIndex">The last of the calls.</param>
/// <param name="Count">How many times it was made.</param>
/// <param name="InputHash">Hash of the normalized JSON input.</param>
public sealed record RepeatedCallSignal(
    string SessionId, string Agent, long EventIndex, bool OffPath,
    string Tool, string Input, string InputHash, int Count, long LastIndex)
    : Signal(SessionId, Agent, EventIndex, OffPath)
{
    /// <inheritdoc/>
    public override string Signature => $"repeated_call|{Tool}|{InputHash}";
}
