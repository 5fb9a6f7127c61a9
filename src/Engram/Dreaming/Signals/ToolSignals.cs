namespace Engram.Dreaming.Signals;

/// <summary>
/// A tool call failed the way the agent experienced it (<see cref="ToolOutcome"/>). Failures of one
/// <see cref="FailureClass"/> and subject (<c>missing_module</c> <c>pytest</c>) are one pattern whatever the command
/// or its wording; other failures match by tool, program and error template.
/// </summary>
/// <param name="SessionId">The session.</param>
/// <param name="Agent">The agent that ran it.</param>
/// <param name="EventIndex">The failed result.</param>
/// <param name="OffPath">On a rewound branch or in a sub-agent.</param>
/// <param name="Tool">The tool's name.</param>
/// <param name="Program">For shell-like tools, the program the command ran (<c>pytest</c>); else null.</param>
/// <param name="Input">A short, secret-masked summary of the call's input (the command, or the path it named).</param>
/// <param name="Template">The error text reduced to a template.</param>
/// <param name="Quote">The failure's line as the result has it (secrets masked), at most <see cref="SignalText.MaxQuoteChars"/> characters.</param>
internal sealed record ToolFailureSignal(
    string SessionId, string Agent, long EventIndex, bool OffPath,
    string Tool, string? Program, string Input, ErrorTemplate Template, string Quote)
    : Signal(SessionId, Agent, EventIndex, OffPath)
{
    /// <summary>What kind of failure it is (<see cref="FailureClass"/>); <c>other</c> when no rule names it.</summary>
    public string Class { get; init; } = FailureClass.Other;

    /// <summary>What failed: the missing program or module, else the program or tool; null when the class has none.</summary>
    public string? Subject { get; init; }

    /// <summary>The exit code, when the transcript recorded one.</summary>
    public int? ExitCode { get; init; }

    /// <inheritdoc/>
    public override string Signature => SignatureOf(Class, Subject, Tool, Program, Template);

    /// <summary>
    /// The signature of a failure: by class alone for a fact about the whole environment (a time limit, no network), by
    /// class and subject where the class names what failed (a missing module), by tool and template for a tool's refusal
    /// (however the call was written), else by tool, program and template.
    /// </summary>
    public static string SignatureOf(string failureClass, string? subject, string tool, string? program, ErrorTemplate template) =>
        FailureClass.IsClassWide(failureClass) ? $"tool_failure|{failureClass}"
        : FailureClass.IsEnvironment(failureClass) && subject is not null ? $"tool_failure|{failureClass}|{subject}"
        : failureClass == FailureClass.ToolRefusal ? $"tool_failure|{failureClass}|{tool}|{template.Id}"
        : $"tool_failure|{failureClass}|{tool}|{program ?? "-"}|{template.Id}";
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
internal sealed record RecoveredRetrySignal(
    string SessionId, string Agent, long EventIndex, bool OffPath,
    string Tool, long FailureIndex, ErrorTemplate FailureTemplate, string FailedInput, string SucceededInput, string Change, string SucceededShape)
    : Signal(SessionId, Agent, EventIndex, OffPath)
{
    /// <summary>The <see cref="ToolFailureSignal.Signature"/> of the failure it got past.</summary>
    public string FailureSignature { get; init; } = "";

    /// <summary>The failure's line, as its result has it (masked, bounded): what a reviewer checks at the failed event.</summary>
    public string FailureQuote { get; init; } = "";

    /// <summary>The failure it got past: every way past one failure is one pattern, each way a <see cref="Variant"/>.</summary>
    public override string Signature => $"recovered_retry|{FailureSignature}";

    /// <summary>
    /// What changed, each side cut before its first variable part and led by its program when the change left the program
    /// out: <c>pytest -> python -m pytest</c>, <c>python3 -m pytest -> bin/test</c>, <c>pytest -> pytest -k</c>.
    /// </summary>
    public override string? Variant
    {
        get
        {
            var (before, after) = SignalText.ChangeSides(Change) ?? (FailedInput, SucceededInput);
            return $"{Led(FailedInput, SignalText.Constant(before))} -> {Led(SucceededInput, SignalText.Constant(after))}";

            // A side without its program (the change was only an option) reads as that program with the option.
            static string Led(string input, string side)
            {
                var program = ShellCommand.Program(input);
                return program is null || side.StartsWith(program, StringComparison.Ordinal) || ShellCommand.Program(side) == program
                    ? side
                    : $"{program} {side}".Trim();
            }
        }
    }
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
internal sealed record RepeatedCallSignal(
    string SessionId, string Agent, long EventIndex, bool OffPath,
    string Tool, string Input, string InputHash, int Count, long LastIndex)
    : Signal(SessionId, Agent, EventIndex, OffPath)
{
    /// <inheritdoc/>
    public override string Signature => $"repeated_call|{Tool}|{InputHash}";
}
