using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

/// <summary>
/// What a pattern is about, in the plain words people use when they steer a dream ("ignore format errors", "only tool
/// configuration problems"): a fixed phrase per kind and failure class, never words taken from a transcript beyond
/// the finding's own title.
/// </summary>
public static class PatternTopics
{
    /// <summary>The plain-words description of a finding: its kind's phrase, then its title.</summary>
    public static string Of(Finding finding, Pattern? pattern)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var phrase = pattern?.Example switch
        {
            ToolFailureSignal failure => Of(failure.Class),
            FeedbackSignal feedback => $"harness feedback, {feedback.Topic}",
            _ => finding.Kind switch
            {
                FindingKind.UserCorrection => "user correction: users corrected the agents (a convention or preference)",
                FindingKind.RememberRequest => "remember request: a user asked the agent to remember something",
                _ => "",
            },
        };
        return finding.Kind == FindingKind.RecoveredFailure ? $"workaround: a command fails and another works instead; {phrase}. {finding.Title}" : $"{phrase}. {finding.Title}";
    }

    /// <summary>The phrase of a failure class.</summary>
    public static string Of(string failureClass) => failureClass switch
    {
        FailureClass.MissingCommand => "environment fact, tool configuration problem: a program or command is not installed (a missing dependency)",
        FailureClass.MissingModule => "environment fact, tool configuration problem: a module or package is not installed (a missing dependency, an import error)",
        FailureClass.Usage => "environment fact, tool configuration problem: the installed tool rejects an option or usage",
        FailureClass.Version => "environment fact, tool configuration problem: the installed version is wrong",
        FailureClass.Permission => "environment fact, access problem: permission denied",
        FailureClass.Network => "environment fact, network problem: no network or internet access",
        FailureClass.Timeout => "environment fact, limit: commands time out and are killed (timeouts)",
        FailureClass.Resources => "environment fact, limit: out of memory or disk space",
        FailureClass.Encoding => "environment fact, locale problem: text encoding fails (unicode, locale)",
        FailureClass.Interactive => "environment fact: interactive prompts cannot be answered",
        FailureClass.ShellSyntax => "agent habit: shell syntax and quoting mistakes in commands",
        FailureClass.ToolRefusal => "agent habit: a tool refused the agent's call (tool misuse)",
        _ => "work failure: the code or task under work failed",
    };
}
