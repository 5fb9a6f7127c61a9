using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

/// <summary>
/// What a pattern is about, as short labels in the plain words people use when they steer a dream ("ignore format
/// errors", "only tool configuration problems"): fixed labels per kind, failure class and feedback topic, never words
/// taken from a transcript. Short labels, not one long description, because a short instruction is compared with
/// each label by meaning, and a long text dilutes what each label says.
/// </summary>
internal static class PatternTopics
{
    /// <summary>The labels of a finding.</summary>
    public static IReadOnlyList<string> Of(Finding finding, Pattern? pattern)
    {
        ArgumentNullException.ThrowIfNull(finding);
        IReadOnlyList<string> labels = pattern?.Example switch
        {
            ToolFailureSignal failure => OfClass(failure.Class),
            FeedbackSignal feedback => OfFeedback(feedback.Topic),
            _ => finding.Kind switch
            {
                FindingKind.UserCorrection => UserCorrection,
                FindingKind.RememberRequest => RememberRequest,
                _ => [],
            },
        };
        return finding.Kind == FindingKind.RecoveredFailure ? [.. Workaround, .. labels] : labels;
    }

    /// <summary>A user's correction.</summary>
    public static readonly IReadOnlyList<string> UserCorrection = ["user correction", "convention", "preference"];

    /// <summary>A user's request to remember.</summary>
    public static readonly IReadOnlyList<string> RememberRequest = ["remember request", "something a user asked to remember"];

    /// <summary>A failure with a way past it.</summary>
    public static readonly IReadOnlyList<string> Workaround = ["workaround", "a command fails and another works instead"];

    /// <summary>An expired memory.</summary>
    public static readonly IReadOnlyList<string> Stale = ["stale memory", "expired memory"];

    /// <summary>Memories that say the same thing.</summary>
    public static readonly IReadOnlyList<string> Duplicate = ["duplicate memories", "memories to merge"];

    /// <summary>A lesson several agents' scratchpads share.</summary>
    public static readonly IReadOnlyList<string> Promote = ["promoted lesson", "lesson from agent scratchpads"];

    /// <summary>A model's finding.</summary>
    public static readonly IReadOnlyList<string> Model = ["model finding"];

    /// <summary>The labels of a failure class.</summary>
    public static IReadOnlyList<string> OfClass(string failureClass) => failureClass switch
    {
        FailureClass.MissingCommand => ["environment fact", "tool configuration problem", "missing program", "command not installed", "missing dependency"],
        FailureClass.MissingModule => ["environment fact", "tool configuration problem", "missing module", "package not installed", "missing dependency", "import error"],
        FailureClass.Usage => ["environment fact", "tool configuration problem", "unsupported option", "wrong tool usage"],
        FailureClass.Version => ["environment fact", "tool configuration problem", "wrong version", "version mismatch"],
        FailureClass.Permission => ["environment fact", "access problem", "permission denied"],
        FailureClass.Network => ["environment fact", "network problem", "no internet access"],
        FailureClass.Timeout => ["environment fact", "environment limit", "timeout", "commands killed for running too long"],
        FailureClass.Resources => ["environment fact", "environment limit", "out of memory", "out of disk space"],
        FailureClass.Encoding => ["environment fact", "locale problem", "text encoding error", "unicode error"],
        FailureClass.Interactive => ["environment fact", "interactive prompt", "command waiting for input"],
        FailureClass.ShellSyntax => ["agent habit", "shell syntax error", "quoting mistake"],
        FailureClass.ToolRefusal => ["agent habit", "tool refused the call", "tool misuse"],
        _ => ["work failure", "code failure", "task failure"],
    };

    /// <summary>The labels of a harness's feedback topic (<see cref="FeedbackText.Topic"/>).</summary>
    public static IReadOnlyList<string> OfFeedback(string topic) => topic switch
    {
        "format" => ["harness feedback", "format error", "the reply was not in the required format"],
        "output_length" => ["harness feedback", "output too long", "command output was cut"],
        "timeout" => ["harness feedback", "timeout", "commands killed for running too long"],
        _ => ["harness feedback", "harness message"],
    };
}
