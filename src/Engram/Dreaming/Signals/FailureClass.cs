namespace Engram.Dreaming.Signals;

/// <summary>
/// What kind of failure a tool failure is, as its error text says. Environment kinds are facts about where agents run
/// (a missing program or module, no permission or network, a time or resource limit, a locale, a tool that cannot
/// prompt, an option or version the installed tool lacks): the most useful memories a dream can write. Agent kinds are
/// habits of the agent (shell quoting, a tool refusing what it was asked). Work kinds are the task itself failing (an
/// exception in the code under work, a failed assertion, a missing file the agent expected): they differ from task to
/// task and are no fact about the environment.
/// </summary>
internal static class FailureClass
{
    /// <summary>A program the command ran is not installed (<c>javac: command not found</c>, exit 127).</summary>
    public const string MissingCommand = "missing_command";

    /// <summary>A module, package or header the command needed is not installed (<c>No module named pytest</c>).</summary>
    public const string MissingModule = "missing_module";

    /// <summary>The command was not permitted (<c>Permission denied</c>, not root).</summary>
    public const string Permission = "permission";

    /// <summary>The network is unreachable from here (a host that does not resolve, a refused connection).</summary>
    public const string Network = "network";

    /// <summary>The command ran past a time limit and was killed.</summary>
    public const string Timeout = "timeout";

    /// <summary>Memory or disk ran out.</summary>
    public const string Resources = "resources";

    /// <summary>The locale cannot encode the text (<c>'ascii' codec can't encode</c>).</summary>
    public const string Encoding = "encoding";

    /// <summary>The command wanted a terminal or an answer that nobody can give here.</summary>
    public const string Interactive = "interactive";

    /// <summary>The installed tool does not take that option or form (<c>unrecognized arguments</c>).</summary>
    public const string Usage = "usage";

    /// <summary>The installed version does not fit (<c>requires Python &gt;= 3.10</c>).</summary>
    public const string Version = "version";

    /// <summary>The shell could not parse the command line (quoting, an unexpected token).</summary>
    public const string ShellSyntax = "shell_syntax";

    /// <summary>A tool that is not a shell refused the call with its own message (an editor's linter, a read-before-write rule).</summary>
    public const string ToolRefusal = "tool_refusal";

    /// <summary>A file or directory the agent named is not there.</summary>
    public const string MissingFile = "missing_file";

    /// <summary>The code under work failed: an exception, an assertion, a failing test; or a name the agent made up itself.</summary>
    public const string Code = "code";

    /// <summary>Nothing above.</summary>
    public const string Other = "other";

    /// <summary>A fact about the environment agents run in.</summary>
    public static bool IsEnvironment(string failureClass) => failureClass is MissingCommand or MissingModule or Permission or Network or Timeout
        or Resources or Encoding or Interactive or Usage or Version;

    /// <summary>An environment fact about the whole environment, whatever program met it (a time limit, no network, the locale): one pattern for all programs.</summary>
    public static bool IsClassWide(string failureClass) => failureClass is Network or Timeout or Resources or Encoding or Interactive;

    /// <summary>A habit of the agent that guidance can change.</summary>
    public static bool IsAgentHabit(string failureClass) => failureClass is ShellSyntax or ToolRefusal;
}
