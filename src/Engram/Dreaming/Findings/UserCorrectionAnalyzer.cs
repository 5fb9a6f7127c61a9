using Engram.Dreaming.Signals;

namespace Engram.Dreaming.Findings;

/// <summary>
/// Rule-based, no model: the same <see cref="UserCorrectionSignal"/> short form in enough sessions becomes a finding
/// proposing the users' own words (their correcting opener such as <c>No,</c> dropped): for shared memory when users
/// of enough distinct agents said it, else for the one agent's notes. The wording is the users', not a tool's, so the
/// line is not marked untrusted.
/// </summary>
internal sealed class UserCorrectionAnalyzer(UserCorrectionOptions? options = null)
{
    /// <summary>Openers that only say "that was wrong"; what follows them is the lesson.</summary>
    private static readonly string[] Openers = ["no,", "no.", "no", "nope,", "nope", "actually,", "actually", "wrong,", "wrong.", "stop.", "stop,", "instead,"];

    private readonly UserCorrectionOptions _options = options ?? new UserCorrectionOptions();

    /// <summary>The findings of <paramref name="patterns"/>, by signature, leaving out corrections whose short form a file of <paramref name="store"/> already contains.</summary>
    /// <param name="patterns">What <see cref="PatternTally.Patterns"/> returned.</param>
    /// <param name="store">The store's current text, path to content; read only.</param>
    /// <param name="ledger">Where each decision is recorded, or null.</param>
    public IReadOnlyList<Finding> Analyze(IEnumerable<Pattern> patterns, IReadOnlyDictionary<string, string> store, PatternLedger? ledger = null)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(store);
        var findings = new List<Finding>();
        foreach (var pattern in patterns)
        {
            var prevalence = pattern.Prevalence;
            if (pattern.Example is not UserCorrectionSignal correction)
            {
                continue;
            }

            // The users' own words (the most common wording, masked), so the note reads as they said it.
            var quote = (pattern.Quotes.FirstOrDefault()?.Text ?? correction.Quote).ReplaceLineEndings(" ");
            var title = $"Users say \"{MemoryText.Cut(quote)}\"";
            if (prevalence.Sessions < _options.MinSessions)
            {
                ledger?.Drop(pattern.Signature, PatternKinds.UserCorrection, title, prevalence, PatternReasons.Threshold,
                    $"said in {MemoryText.Count(prevalence.Sessions, "session")}; a correction needs {_options.MinSessions} sessions");
                continue;
            }

            // Across agents it is the organization's convention; from one agent's users, that agent's to remember.
            var shared = prevalence.Agents.Count >= _options.MinAgents;
            var own = _options.AgentPath.Replace("{agent}", prevalence.Agents[0], StringComparison.Ordinal);
            if (!shared && !Memories.MemoryPath.IsValid(own))
            {
                ledger?.Drop(pattern.Signature, PatternKinds.UserCorrection, title, prevalence, PatternReasons.Threshold,
                    $"users of {MemoryText.Count(prevalence.Agents.Count, "agent")}; a convention needs {_options.MinAgents}");
                continue;
            }

            if (StoreText.AlreadyStatesShortForm(store, correction.ShortForm))
            {
                ledger?.Drop(pattern.Signature, PatternKinds.UserCorrection, title, prevalence, PatternReasons.AlreadyKnown, "a memory already says it in these words");
                continue;
            }

            var rationale = shared
                ? $"Users corrected agents the same way in {prevalence.Sessions:N0} of {prevalence.SessionsRead:N0} sessions across {MemoryText.Count(prevalence.Agents.Count, "agent")}."
                : $"Users corrected {prevalence.Agents[0]} the same way in {prevalence.Sessions:N0} of {prevalence.SessionsRead:N0} sessions; one agent's correction goes to its own notes.";
            ledger?.Propose(pattern.Signature, PatternKinds.UserCorrection, title, prevalence, rationale);
            findings.Add(new Finding(FindingKind.UserCorrection, pattern.Signature, title,
                prevalence, pattern.Evidence, new ProposedEdit(shared ? _options.TargetPath : own, $"- {Lesson(quote)}", Untrusted: false) { Section = shared ? "Conventions" : "Corrections" })
            {
                Rationale = rationale,
            });
        }

        return findings;
    }

    /// <summary>The correction without an opener that only says "wrong": <c>No, use pnpm.</c> gives <c>Use pnpm.</c></summary>
    internal static string Lesson(string quote)
    {
        var text = quote.Trim();
        foreach (var opener in Openers)
        {
            if (text.StartsWith(opener, StringComparison.OrdinalIgnoreCase) && text.Length > opener.Length
                && (!char.IsLetter(opener[^1]) || !char.IsLetter(text[opener.Length])))
            {
                var rest = text[opener.Length..].TrimStart(',', '.', ' ', '-', ':');
                if (rest.Length > 0)
                {
                    return MemoryText.Capitalized(rest);
                }
            }
        }

        return MemoryText.Capitalized(text);
    }
}
