using System.Text.Json;
using System.Text.RegularExpressions;

namespace Engram.Sessions.Formats;

internal sealed partial class SweAgentFormat
{
    /// <summary>
    /// What a trajectory says about its run: the model and the repository (<c>replay_config</c>, in version 1 a JSON
    /// string), the outcome and token counts (<c>info</c>), the environment, and how the harness words its
    /// messages (the run's templates and command documentation, where the configuration holds them).
    /// </summary>
    private sealed partial class Run(string path)
    {
        private readonly HashSet<string> _commands = new(StringComparer.Ordinal);
        private readonly List<HarnessTemplate> _formatErrors = [];
        private readonly List<HarnessTemplate> _refusals = [];
        private string? _model;
        private string? _outcome;
        private TokenUsage? _usage;
        private string? _project;
        private string? _title;

        /// <summary>Learns a top-level property.</summary>
        public void Property(string name, JsonElement value)
        {
            switch (name)
            {
                case "info" when value.ValueKind == JsonValueKind.Object:
                    _outcome = ContentBlocks.String(value, "exit_status") ?? _outcome;
                    if (value.TryGetField("model_stats", out var stats) && stats.ValueKind == JsonValueKind.Object
                        && (stats.TryGetField("tokens_sent", out _) || stats.TryGetField("tokens_received", out _)))
                    {
                        _usage = new TokenUsage(Count(stats, "tokens_sent"), Count(stats, "tokens_received"));
                    }

                    break;
                case "environment" when value.ValueKind == JsonValueKind.String:
                    _project ??= SweBench.ProjectOfImage(value.GetString());
                    break;
                case "replay_config" when value.ValueKind == JsonValueKind.String:
                    using (var document = TranscriptJson.TryParse(value.GetString()!)) // an unreadable configuration says nothing; the conversation is still read
                    {
                        if (document is not null)
                        {
                            Configuration(document.RootElement);
                        }
                    }

                    break;
                case "replay_config" when value.ValueKind == JsonValueKind.Object:
                    Configuration(value);
                    break;
            }
        }

        /// <summary>The harness's own commands named in documentation it showed the agent (a system message, <c>command_docs</c>).</summary>
        public void LearnCommands(string documentation)
        {
            foreach (Match match in CommandDocumentation().Matches(documentation))
            {
                _commands.Add(match.Groups["name"].Value);
            }
        }

        /// <summary>The tool an action calls: the harness command it starts with, else <c>bash</c>.</summary>
        public string ToolOf(string action)
        {
            var word = action.AsSpan().Trim();
            var end = word.IndexOfAny(" \t\r\n");
            var command = (end < 0 ? word : word[..end]).ToString();
            return _commands.Contains(command) || DefaultCommands.Contains(command) ? command : "bash";
        }

        /// <summary>The harness answering a malformed reply: the run's format error, or SWE-agent's default wording of one.</summary>
        public bool IsFormatError(string text) => _formatErrors.Exists(t => t.Matches(text)) || Array.Exists(DefaultFormatErrors, t => t.Matches(text));

        /// <summary>The harness refusing a call (its linter, its shell check, its blocklist, its timeout): that call failed.</summary>
        public bool IsRefusal(string text) => _refusals.Exists(t => t.Matches(text)) || DefaultRefusal().IsMatch(text);

        /// <summary>The run's facts; without a configuration, the title is the file's name, which SWE-agent makes the instance id.</summary>
        public TranscriptMetadata Metadata()
        {
            var title = _title ?? Path.GetFileNameWithoutExtension(path);
            return new TranscriptMetadata(Title: title, Model: _model, Usage: _usage, Outcome: _outcome, Project: _project ?? SweBench.ProjectOfInstance(title));
        }

        /// <summary><c>replay_config</c>: version 1 (<c>agent.model.name</c>, <c>env</c>, <c>problem_statement</c>) and version 0 (<c>agent.model.model_name</c>, <c>environment</c>).</summary>
        private void Configuration(JsonElement config)
        {
            var agent = Child(config, "agent");
            var model = Child(agent, "model");
            _model = ContentBlocks.String(model, "name") ?? ContentBlocks.String(model, "model_name") ?? _model;

            var environment = Child(config, "env").ValueKind == JsonValueKind.Object ? Child(config, "env") : Child(config, "environment");
            var repository = Child(environment, "repo");
            var problem = Child(config, "problem_statement");
            _title = ContentBlocks.String(problem, "id") ?? _title;
            _project = SweBench.ProjectOfUrl(ContentBlocks.String(repository, "github_url"))
                ?? OwnerAndRepository(ContentBlocks.String(repository, "repo_name"))
                ?? SweBench.ProjectOfImage(ContentBlocks.String(Child(environment, "deployment"), "image"))
                ?? SweBench.ProjectOfUrl(ContentBlocks.String(problem, "github_url"))
                ?? SweBench.ProjectOfInstance(ContentBlocks.String(problem, "id"))
                ?? SweBench.ProjectOfUrl(ContentBlocks.String(environment, "data_path"))
                ?? SweBench.ProjectOfImage(ContentBlocks.String(environment, "image_name"))
                ?? _project;

            var tools = Child(agent, "tools");
            var templates = Child(agent, "templates");
            Add(_formatErrors, ContentBlocks.String(tools, "format_error_template"), ContentBlocks.String(Child(tools, "parse_function"), "error_message"));
            Add(_refusals, ContentBlocks.String(templates, "shell_check_error_template"), ContentBlocks.String(templates, "command_cancelled_timeout_template"),
                ContentBlocks.String(tools, "blocklist_error_template"));
            if (ContentBlocks.String(tools, "command_docs") is { } docs)
            {
                LearnCommands(docs);
            }
        }

        private static void Add(List<HarnessTemplate> templates, params string?[] texts)
        {
            foreach (var text in texts)
            {
                if (HarnessTemplate.Of(text?.Trim()) is { } template)
                {
                    templates.Add(template);
                }
            }
        }

        private static JsonElement Child(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetField(name, out var child) ? child : default;

        private static long Count(JsonElement stats, string name) =>
            stats.TryGetField(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) ? count : 0;

        /// <summary>A repository name that is already <c>owner/repo</c>; a bare directory name (<c>testbed</c>) names no project.</summary>
        private static string? OwnerAndRepository(string? name) => name is not null && OwnerSlashRepository().IsMatch(name) ? name : null;

        [GeneratedRegex(@"^(?<name>[A-Za-z_][\w.-]*):[ \t]*\r?\n[ \t]+docstring:", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
        private static partial Regex CommandDocumentation();

        [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+\z", RegexOptions.CultureInvariant)]
        private static partial Regex OwnerSlashRepository();
    }
}
