using System.Globalization;

namespace Engram.Bench;

internal static partial class ClaudeCodeCorpus
{
    /// <summary>
    /// Engineering vocabulary and templates, so generated text reads (and compresses, and tokenizes) like real
    /// sessions rather than random letters. In a template, <c>$n</c> is a noun, <c>$v</c> a verb, <c>$s</c> a
    /// verb ending in s, <c>$d</c> a past participle, <c>$a</c> an adjective, <c>$i</c> an identifier, <c>$f</c> a
    /// file, <c>$k</c> a number.
    /// </summary>
    private static class Vocabulary
    {
        public static readonly string[] ProjectNames =
        [
            "billing-api", "web-dashboard", "ingest-pipeline", "auth-service", "mobile-app", "search-indexer",
            "infra-terraform", "docs-site", "data-warehouse", "notification-worker", "payments-gateway", "cli-tools",
            "ml-training", "feature-flags", "admin-portal", "event-bus", "image-resizer", "reporting", "sdk-python", "edge-proxy",
        ];

        public static readonly string[] Versions = ["1.0.98", "2.0.5", "2.0.14", "2.0.22", "2.0.31"];

        public static readonly string[] Branches = ["main", "main", "develop", "feature/retry-backoff", "fix/session-timeout", "refactor/storage-layer"];

        public static readonly string[] Models = ["claude-sonnet-4-5-20250929", "claude-sonnet-4-5-20250929", "claude-opus-4-1-20250805", "claude-sonnet-4-20250514"];

        private static readonly string[] Nouns =
        [
            "request", "response", "handler", "endpoint", "schema", "migration", "query", "index", "cache", "session",
            "token", "config", "parser", "serializer", "worker", "queue", "retry", "timeout", "connection", "pool",
            "transaction", "lock", "buffer", "stream", "file", "module", "component", "hook", "reducer", "store",
            "route", "middleware", "test", "fixture", "mock", "assertion", "build", "pipeline", "container", "image",
            "deployment", "service", "client", "server", "payload", "header", "cookie", "field", "column", "table",
            "record", "event", "listener", "callback", "promise", "thread", "process", "signal", "log", "metric",
            "trace", "span", "error", "exception", "stack", "frame", "dependency", "package", "version", "lockfile",
            "branch", "commit", "diff", "patch", "review", "comment", "type", "interface", "struct", "method",
        ];

        private static readonly string[] Verbs =
        [
            "add", "remove", "rename", "refactor", "update", "fix", "check", "validate", "parse", "serialize",
            "cache", "retry", "log", "handle", "return", "throw", "catch", "await", "batch", "flush", "load",
            "read", "write", "migrate", "index", "filter", "sort", "merge", "split", "wrap", "expose", "inject",
        ];

        private static readonly string[] Adjectives =
        [
            "stale", "empty", "nullable", "async", "pending", "failed", "missing", "duplicate", "invalid", "expired",
            "cached", "default", "optional", "required", "nested", "legacy", "flaky", "slow", "concurrent", "new",
            "unused", "private", "public", "generic", "typed", "broken", "current", "previous", "shared", "local",
        ];

        private static readonly string[] SentenceTemplates =
        [
            "The $n $s the $n before the $a $n is $d.",
            "I'll $v the $a $n in `$f` so the $n no longer $s.",
            "Let me $v `$i` first, then $v the $n.",
            "The $a $n comes from `$i`, which $s a $a $n.",
            "Now I need to $v the $n and $v the $a $n.",
            "This $s because the $n is $d twice when the $n is $a.",
            "Looking at `$f`, the $n is $d on line $k.",
            "All $k tests pass now; the $a $n was $d by `$i`.",
            "We should $v the $n instead of the $a $n.",
            "The fix is to $v `$i` when the $n is $a.",
        ];

        private static readonly string[] PromptTemplates =
        [
            "Can you $v the $a $n in $f? It $s every time the $n is $a.",
            "The $n tests are failing after the last commit. Please $v them.",
            "Please $v `$i` so it $s the $n instead of the $a one.",
            "Why does the $n $v the $a $n here? See $f.",
            "Add a test that the $n is $d when the $n is $a, then run the suite.",
            "Refactor $f: split the $n out of `$i` and keep the $n $a.",
        ];

        private static readonly string[] LogLevels = ["INFO ", "INFO ", "INFO ", "DEBUG", "WARN ", "ERROR"];

        private static readonly string[] PythonErrors = ["KeyError: 'user_id'", "TypeError: 'NoneType' object is not subscriptable", "AttributeError: 'Session' object has no attribute 'expires_at'", "ValueError: invalid literal for int() with base 10: ''"];

        public static TextBuilder Prompt(TextBuilder text, Random random, Project project)
        {
            Fill(text, random, PromptTemplates[random.Next(PromptTemplates.Length)], project.Files);
            return random.NextDouble() < 0.5 ? Sentence(text.Append(' '), random, 4, 10).Append('.') : text;
        }

        public static TextBuilder Sentences(TextBuilder text, Random random, int min, int max)
        {
            for (int i = 0, count = random.Next(min, max + 1); i < count; i++)
            {
                if (i > 0)
                {
                    text.Append(' ');
                }

                Fill(text, random, SentenceTemplates[random.Next(SentenceTemplates.Length)], files: null);
            }

            return text;
        }

        public static TextBuilder Paragraphs(TextBuilder text, Random random, int min, int max)
        {
            for (int i = 0, count = random.Next(min, max + 1); i < count; i++)
            {
                if (i > 0)
                {
                    text.Append("\n\n");
                }

                Sentences(text, random, 2, 5);
            }

            return text;
        }

        /// <summary>A short phrase of <paramref name="min"/> to <paramref name="max"/> words, capitalized.</summary>
        public static TextBuilder Sentence(TextBuilder text, Random random, int min, int max)
        {
            var start = text.Length;
            text.Append(Verbs[random.Next(Verbs.Length)]);
            for (int i = 1, count = random.Next(min, max + 1); i < count; i++)
            {
                text.Append(' ').Append(i % 3 == 1 ? "the" : i % 3 == 2 ? Adjectives[random.Next(Adjectives.Length)] : Nouns[random.Next(Nouns.Length)]);
            }

            text.Capitalize(start);
            return text;
        }

        public static string Identifier(Random random) => random.Next(3) switch
        {
            0 => Verbs[random.Next(Verbs.Length)] + "_" + Nouns[random.Next(Nouns.Length)],
            1 => Verbs[random.Next(Verbs.Length)] + Capital(Nouns[random.Next(Nouns.Length)]),
            _ => Capital(Adjectives[random.Next(Adjectives.Length)]) + Capital(Nouns[random.Next(Nouns.Length)]),
        };

        public static string SourcePath(Random random, Language language)
        {
            var folder = language switch
            {
                Language.TypeScript => ["src/components", "src/api", "src/hooks", "src/lib", "tests"],
                Language.Python => ["app", "app/api", "app/models", "app/services", "tests"],
                Language.CSharp => ["src/Api", "src/Domain", "src/Storage", "tests/Api.Tests"],
                _ => (string[])["cmd/server", "internal/store", "internal/http", "pkg/client"],
            };
            var extension = language switch { Language.TypeScript => ".ts", Language.Python => ".py", Language.CSharp => ".cs", _ => ".go" };
            var name = Nouns[random.Next(Nouns.Length)] + "_" + Nouns[random.Next(Nouns.Length)];
            return folder[random.Next(folder.Length)] + "/" + name + extension;
        }

        public static ToolKind PickTool(Random random) => random.Next(100) switch
        {
            < 40 => ToolKind.Bash,
            < 65 => ToolKind.Read,
            < 85 => ToolKind.Edit,
            _ => ToolKind.Grep,
        };

        public static string Command(Random random, Language language)
        {
            string[] commands = language switch
            {
                Language.TypeScript => ["npm test", "npx tsc --noEmit", "npm run lint", "npx vitest run src/api"],
                Language.Python => ["pytest -x tests/", "python -m mypy app", "ruff check app", "pytest tests/test_api.py -k session"],
                Language.CSharp => ["dotnet build -c Release", "dotnet test", "dotnet format --verify-no-changes"],
                _ => ["go test ./...", "go vet ./...", "go build ./cmd/server"],
            };
            return random.Next(3) switch
            {
                0 => commands[random.Next(commands.Length)],
                1 => random.Next(3) switch { 0 => "git status", 1 => "git diff --stat", _ => "git log --oneline -10" },
                _ => "rg -n \"" + Identifier(random) + "\" src",
            };
        }

        public static TextBuilder Code(TextBuilder text, Random random, Language language, int minLines, int maxLines)
        {
            for (int i = 0, count = random.Next(minLines, maxLines + 1); i < count; i++)
            {
                if (i > 0)
                {
                    text.Append('\n');
                }

                CodeLine(text, random, language);
            }

            return text;
        }

        /// <summary>A tool's normal output: numbered file lines for Read, command output for Bash, matches for Grep.</summary>
        public static void Output(TextBuilder text, Random random, ToolKind kind, string target, Project project)
        {
            switch (kind)
            {
                case ToolKind.Read:
                    for (int line = 1, count = random.Next(20, 400); line <= count; line++)
                    {
                        text.Append(line < 10 ? "     " : line < 100 ? "    " : "   ").Append(line).Append('\t');
                        CodeLine(text, random, project.Language);
                        text.Append('\n');
                    }

                    break;
                case ToolKind.Edit:
                    text.Append("The file ").Append(target).Append(" has been updated. Here's the result of running `cat -n` on a snippet of the edited file:\n");
                    for (int line = random.Next(1, 200), end = line + random.Next(5, 15); line < end; line++)
                    {
                        text.Append("   ").Append(line).Append('\t');
                        CodeLine(text, random, project.Language);
                        text.Append('\n');
                    }

                    break;
                case ToolKind.Grep:
                    for (int i = 0, count = random.Next(1, 30); i < count; i++)
                    {
                        text.Append(project.Files[random.Next(project.Files.Length)]).Append(':').Append(random.Next(1, 500)).Append(':');
                        CodeLine(text, random, project.Language);
                        text.Append('\n');
                    }

                    break;
                default:
                    if (target.StartsWith("git ", StringComparison.Ordinal))
                    {
                        for (int i = 0, count = random.Next(2, 12); i < count; i++)
                        {
                            text.Append(TranscriptWriter.NewHex(random, 7)).Append(' ');
                            Sentence(text, random, 4, 9).Append('\n');
                        }
                    }
                    else
                    {
                        for (int i = 0, count = random.Next(3, 40); i < count; i++)
                        {
                            text.Append(project.Files[random.Next(project.Files.Length)]).Append("::test_").Append(Identifier(random)).Append(" PASSED\n");
                        }

                        text.Append("==== ").Append(random.Next(3, 400)).Append(" passed in ").Append(random.Next(1, 90)).Append(".").Append(random.Next(10, 99)).Append("s ====");
                    }

                    break;
            }
        }

        /// <summary>An error as the tool reports it.</summary>
        public static void Error(TextBuilder text, Random random, ToolKind kind, string target, Project project)
        {
            var file = project.Cwd + "/" + project.Files[random.Next(project.Files.Length)];
            switch (kind, random.Next(3))
            {
                case (ToolKind.Bash, 0):
                    text.Append("/bin/bash: line 1: ").Append(target.Split(' ')[0]).Append(": command not found");
                    break;
                case (ToolKind.Bash, 1):
                    text.Append("Traceback (most recent call last):\n  File \"").Append(file).Append("\", line ").Append(random.Next(1, 400))
                        .Append(", in ").Append(Identifier(random)).Append("\n    ");
                    CodeLine(text, random, Language.Python);
                    text.Append('\n').Append(PythonErrors[random.Next(PythonErrors.Length)]);
                    break;
                case (ToolKind.Bash, _):
                    text.Append("Exit code 1\nFAILED ").Append(project.Files[random.Next(project.Files.Length)]).Append("::test_").Append(Identifier(random))
                        .Append(" - AssertionError: expected ").Append(random.Next(100)).Append(" to equal ").Append(random.Next(100));
                    break;
                case (ToolKind.Read, _):
                    text.Append("Error: ENOENT: no such file or directory, open '").Append(file).Append('\'');
                    break;
                case (ToolKind.Edit, 0):
                    text.Append("File has not been read yet. Read it first before writing to it.");
                    break;
                case (ToolKind.Edit, _):
                    text.Append("String to replace not found in file.\nString: ");
                    CodeLine(text, random, project.Language);
                    break;
                default:
                    text.Append("rg: regex parse error:\n    ").Append(target).Append("(\n    ^\nerror: unclosed group");
                    break;
            }
        }

        /// <summary>Log-like lines (a build, a test run, a server) until about <paramref name="bytes"/> characters.</summary>
        public static void Log(TextBuilder text, Random random, int bytes)
        {
            var start = text.Length;
            var millisecond = random.Next(0, 86_400_000);
            while (text.Length - start < bytes)
            {
                millisecond += random.Next(0, 2_000);
                var time = TimeSpan.FromMilliseconds(millisecond % 86_400_000);
                text.Append("2025-06-02T").Append(Two(time.Hours)).Append(':').Append(Two(time.Minutes)).Append(':').Append(Two(time.Seconds))
                    .Append('.').Append(time.Milliseconds + 1000).Append("Z ").Append(LogLevels[random.Next(LogLevels.Length)]).Append(" [")
                    .Append(Nouns[random.Next(Nouns.Length)]).Append('-').Append(random.Next(1, 9)).Append("] ");
                Sentence(text, random, 5, 14).Append('\n');
            }
        }

        /// <summary>A fake credential of a random kind, so the masker has something to find.</summary>
        public static void FakeSecret(TextBuilder text, Random random)
        {
            switch (random.Next(5))
            {
                case 0:
                    Chars(text.Append("ANTHROPIC_API_KEY=sk-ant-api03-"), random, Base64UrlAlphabet, 93).Append("AA");
                    break;
                case 1:
                    Chars(text.Append("aws_secret_access_key = "), random, Base64Alphabet, 40);
                    break;
                case 2:
                    Chars(text.Append("DATABASE_URL=postgres://app:"), random, Base64UrlAlphabet, 20).Append("@db.internal:5432/app");
                    break;
                case 3:
                    Chars(text.Append("GITHUB_TOKEN=ghp_"), random, Base64UrlAlphabet[..62], 36);
                    break;
                default:
                    Chars(Chars(text.Append("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJ"), random, Base64UrlAlphabet, 60).Append('.'), random, Base64UrlAlphabet, 43);
                    break;
            }
        }

        public static TextBuilder Base64(TextBuilder text, Random random, int length) => Chars(text, random, Base64Alphabet, length);

        private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        private static TextBuilder Chars(TextBuilder text, Random random, string alphabet, int count)
        {
            for (var i = 0; i < count; i++)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }

            return text;
        }

        private static void CodeLine(TextBuilder text, Random random, Language language)
        {
            var indent = random.Next(0, 4) * (language == Language.Go ? 1 : 4);
            for (var i = 0; i < indent; i++)
            {
                text.Append(language == Language.Go ? '\t' : ' ');
            }

            var (verb, noun, adjective) = (Verbs[random.Next(Verbs.Length)], Nouns[random.Next(Nouns.Length)], Adjectives[random.Next(Adjectives.Length)]);
            switch (language, random.Next(4))
            {
                case (Language.Python, 0): text.Append("def ").Append(verb).Append('_').Append(noun).Append("(self, ").Append(noun).Append("):"); break;
                case (Language.Python, 1): text.Append(adjective).Append('_').Append(noun).Append(" = self.").Append(verb).Append('_').Append(noun).Append('(').Append(noun).Append(')'); break;
                case (Language.Python, 2): text.Append("if ").Append(noun).Append(" is None:"); break;
                case (Language.Python, _): text.Append("return ").Append(noun).Append('.').Append(verb).Append("()"); break;
                case (Language.CSharp, 0): text.Append("public async Task<").Append(Capital(noun)).Append("> ").Append(Capital(verb)).Append(Capital(noun)).Append("Async(CancellationToken cancellationToken)"); break;
                case (Language.CSharp, 1): text.Append("var ").Append(adjective).Append(Capital(noun)).Append(" = await _").Append(noun).Append("s.").Append(Capital(verb)).Append("Async(id, cancellationToken);"); break;
                case (Language.CSharp, 2): text.Append("if (").Append(noun).Append(" is null) { return Results.NotFound(); }"); break;
                case (Language.CSharp, _): text.Append("return ").Append(noun).Append(';'); break;
                case (Language.Go, 0): text.Append("func (s *").Append(Capital(noun)).Append(") ").Append(Capital(verb)).Append("(ctx context.Context) error {"); break;
                case (Language.Go, 1): text.Append(noun).Append(", err := s.").Append(verb).Append(Capital(noun)).Append("(ctx)"); break;
                case (Language.Go, 2): text.Append("if err != nil { return fmt.Errorf(\"").Append(verb).Append(' ').Append(noun).Append(": %w\", err) }"); break;
                case (Language.Go, _): text.Append("return nil"); break;
                case (_, 0): text.Append("export async function ").Append(verb).Append(Capital(noun)).Append('(').Append(noun).Append(": ").Append(Capital(noun)).Append(") {"); break;
                case (_, 1): text.Append("const ").Append(adjective).Append(Capital(noun)).Append(" = await ").Append(verb).Append(Capital(noun)).Append('(').Append(noun).Append(");"); break;
                case (_, 2): text.Append("if (!").Append(noun).Append(") throw new Error('").Append(adjective).Append(' ').Append(noun).Append("');"); break;
                default: text.Append("return ").Append(noun).Append(';'); break;
            }
        }

        private static void Fill(TextBuilder text, Random random, string template, string[]? files)
        {
            for (var i = 0; i < template.Length; i++)
            {
                if (template[i] != '$' || i + 1 == template.Length)
                {
                    text.Append(template[i]);
                    continue;
                }

                switch (template[++i])
                {
                    case 'n': text.Append(Nouns[random.Next(Nouns.Length)]); break;
                    case 'v': text.Append(Verbs[random.Next(Verbs.Length)]); break;
                    case 's': text.Append(ThirdPerson(Verbs[random.Next(Verbs.Length)])); break;
                    case 'd': text.Append(Participle(Verbs[random.Next(Verbs.Length)])); break;
                    case 'a': text.Append(Adjectives[random.Next(Adjectives.Length)]); break;
                    case 'i': text.Append(Identifier(random)); break;
                    case 'k': text.Append(random.Next(2, 300)); break;
                    default: text.Append(files is null ? "src/" + Nouns[random.Next(Nouns.Length)] + ".ts" : files[random.Next(files.Length)]); break;
                }
            }
        }

        private static string ThirdPerson(string verb) =>
            verb.EndsWith("ch", StringComparison.Ordinal) || verb.EndsWith("sh", StringComparison.Ordinal) || verb[^1] is 's' or 'x' ? verb + "es" : verb + "s";

        private static string Participle(string verb) => verb switch
        {
            "read" or "split" => verb,
            "write" => "written",
            "throw" => "thrown",
            "catch" => "caught",
            "sort" or "add" or "load" => verb + "ed",
            _ when verb[^1] == 'e' => verb + "d",
            _ when verb is "wrap" => "wrapped",
            _ => verb + "ed",
        };

        private static string Capital(string word) => string.Create(word.Length, word, static (span, w) =>
        {
            w.CopyTo(span);
            span[0] = char.ToUpperInvariant(span[0]);
        });

        private static string Two(int value) => value < 10 ? "0" + value.ToString(CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);
    }
}
