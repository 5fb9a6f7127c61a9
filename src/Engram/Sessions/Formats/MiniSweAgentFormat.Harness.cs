using System.Text.Json;
using System.Text.RegularExpressions;

namespace Engram.Sessions.Formats;

internal sealed partial class MiniSweAgentFormat
{
    /// <summary>
    /// How this run's harness words what it says, from the templates in <c>info.config</c> (version 1 keeps them
    /// under <c>agent</c>, version 2 under <c>model</c>), with mini-swe-agent's default wording as the fallback
    /// for runs that do not carry them.
    /// </summary>
    private sealed class Harness
    {
        /// <summary>How long the run's own action pattern may take on one reply before the default is used instead.</summary>
        private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);

        /// <summary>
        /// mini-swe-agent's rule for a reply's action: a ```bash block (version 1's default <c>action_regex</c>). Matched
        /// without backtracking, in time linear in the reply, so the fallback for a run's own pattern cannot time out
        /// too (a reply of many openings and no close took the backtracking engine past its timeout, which threw).
        /// </summary>
        private static readonly Regex DefaultAction = new(@"```bash\s*\n(.*?)\n```", RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

        /// <summary>The openings of mini-swe-agent's default format errors (version 1; version 2's text and tool-call modes).</summary>
        private static readonly HarnessTemplate[] DefaultFormatErrors =
        [
            HarnessTemplate.Opening("Please always provide EXACTLY ONE action"), HarnessTemplate.Opening("Format error:"),
            HarnessTemplate.Opening("Tool call error:"),
        ];

        /// <summary>The opening of mini-swe-agent's default timeout message.</summary>
        private static readonly HarnessTemplate DefaultTimeout = HarnessTemplate.Opening("The last command <command>");

        private readonly HarnessTemplate[] _formatErrors;
        private readonly HarnessTemplate _timeout;
        private readonly Regex _action;

        private Harness(HarnessTemplate? formatError, HarnessTemplate? timeout, Regex? action)
        {
            _formatErrors = formatError is null ? DefaultFormatErrors : [formatError, .. DefaultFormatErrors];
            _timeout = timeout ?? DefaultTimeout;
            _action = action ?? DefaultAction;
        }

        public static Harness Default { get; } = new(null, null, null);

        /// <summary>The harness described by <c>info.config</c>.</summary>
        public static Harness Of(JsonElement config)
        {
            var agent = config.ValueKind == JsonValueKind.Object && config.TryGetField("agent", out var a) ? a : default;
            var model = config.ValueKind == JsonValueKind.Object && config.TryGetField("model", out var m) ? m : default;
            string? Setting(string name) => ContentBlocks.String(agent, name) ?? ContentBlocks.String(model, name);
            return new Harness(HarnessTemplate.Of(Setting("format_error_template")), HarnessTemplate.Of(Setting("timeout_template")), Pattern(Setting("action_regex")));
        }

        /// <summary>The harness's answer to a reply that held no single action.</summary>
        public bool IsFormatError(string text) => Array.Exists(_formatErrors, t => t.Matches(text));

        /// <summary>The harness's report of a command it killed for taking too long.</summary>
        public bool IsTimeout(string text) => _timeout.Matches(text) && text.Contains("timed out", StringComparison.OrdinalIgnoreCase);

        /// <summary>The commands a reply holds by the harness's rule (each trimmed, as mini-swe-agent runs them).</summary>
        public IReadOnlyList<string> Actions(string reply)
        {
            try
            {
                return [.. _action.Matches(reply).Select(m => (m.Groups.Count > 1 ? m.Groups[1].Value : m.Value).Trim())];
            }
            catch (RegexMatchTimeoutException)
            {
                return [.. DefaultAction.Matches(reply).Select(m => m.Groups[1].Value.Trim())];
            }
        }

        /// <summary>A run's own action pattern (Python syntax, matched with DOTALL as mini-swe-agent does); null when .NET cannot read it.</summary>
        private static Regex? Pattern(string? pattern)
        {
            if (string.IsNullOrEmpty(pattern))
            {
                return null;
            }

            try
            {
                return new Regex(pattern.Replace("(?P<", "(?<", StringComparison.Ordinal), RegexOptions.Singleline | RegexOptions.CultureInvariant, PatternTimeout);
            }
            catch (ArgumentException)
            {
                // A construct .NET does not know: the default rule is the best reading left.
                return null;
            }
        }
    }
}
