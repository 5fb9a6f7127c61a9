using Engram.Dreaming.Signals;
using Engram.Memories;

namespace Engram.Dreaming.Findings;

/// <summary>
/// Rule-based, no model: a <see cref="RememberRequestSignal"/> pattern ("remember that …", "from now on …",
/// "always …") becomes a finding proposing the user's own words for memory, even from one session. The wording
/// is the user's, so it is trusted. Left out: a request the store already states, and a request the agent
/// already handled (every session that shows it has a memory write by the agent within
/// <see cref="RememberRequestOptions.WriteWindow"/> events after it, as far as the write patterns' evidence tells).
/// </summary>
internal sealed class RememberRequestAnalyzer(RememberRequestOptions? options = null)
{
    /// <summary>Sessions that must open with the very same request for it to be a standing prompt rather than a person asking: more than a person repeats word for word.</summary>
    internal const int StandingPromptSessions = 3;

    /// <summary>Characters of the request quoted in a finding's title.</summary>
    private const int MaxTitleChars = 80;

    /// <summary>Lead-ins that only ask to remember; what follows them is the thing to remember. Longest first.</summary>
    private static readonly string[] LeadIns =
    [
        "please remember that", "please remember to", "please remember", "keep in mind that", "make a note that",
        "for future reference", "remember that", "remember to", "keep in mind", "make a note", "from now on",
        "in the future", "note that", "remember",
    ];

    private readonly RememberRequestOptions _options = options ?? new RememberRequestOptions();

    /// <summary>The findings of <paramref name="patterns"/>, by signature.</summary>
    /// <param name="patterns">What <see cref="PatternTally.Patterns"/> returned.</param>
    /// <param name="store">The store's current text, path to content; read only.</param>
    /// <param name="ledger">Where each decision is recorded, or null.</param>
    public IReadOnlyList<Finding> Analyze(IEnumerable<Pattern> patterns, IReadOnlyDictionary<string, string> store, PatternLedger? ledger = null)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(store);
        var all = patterns as IReadOnlyList<Pattern> ?? [.. patterns];
        var writes = MemoryWritesBySession(all);
        var findings = new List<Finding>();
        foreach (var pattern in all)
        {
            var prevalence = pattern.Prevalence;
            if (pattern.Example is not RememberRequestSignal request)
            {
                continue;
            }

            var words = Lesson(request.Quote);
            var heading = $"The user asked to remember: \"{Memories.UnicodeText.Ellipsize(words, MaxTitleChars)}\"";
            if (prevalence.Sessions < _options.MinSessions)
            {
                ledger?.Drop(pattern.Signature, PatternKinds.RememberRequest, heading, prevalence, PatternReasons.Threshold, $"asked in {prevalence.Sessions} sessions; {_options.MinSessions} needed");
                continue;
            }

            // The same words opening session after session are the harness's standing prompt: the agent is told them every time.
            var openings = pattern.Variants.FirstOrDefault(v => v.Text == "opening")?.Sessions ?? 0;
            if (openings >= StandingPromptSessions && openings == prevalence.Sessions)
            {
                ledger?.Drop(pattern.Signature, PatternKinds.RememberRequest, heading, prevalence, PatternReasons.StandingPrompt,
                    $"the same words open {openings} sessions: they are the prompt every session starts with, so the agent is already told them");
                continue;
            }

            if (Handled(pattern, writes))
            {
                ledger?.Drop(pattern.Signature, PatternKinds.RememberRequest, heading, prevalence, PatternReasons.AlreadyKnown, "the agent wrote it to memory right after being asked");
                continue;
            }

            if (words.Length == 0 || StoreText.AlreadyStatesWords(store, words))
            {
                ledger?.Drop(pattern.Signature, PatternKinds.RememberRequest, heading, prevalence, PatternReasons.AlreadyKnown, "a memory already says it in these words");
                continue;
            }

            var path = prevalence.Agents.Count == 1 && _options.AgentPath.Replace("{agent}", prevalence.Agents[0], StringComparison.Ordinal) is { } own && MemoryPath.IsValid(own)
                ? own
                : _options.SharedPath;
            var rationale = $"The user asked for this to be remembered, in these words, in {MemoryText.Count(prevalence.Sessions, "session")} of {prevalence.SessionsRead:N0}"
                + (path == _options.SharedPath ? $", to {MemoryText.Count(prevalence.Agents.Count, "agent")}." : $"; it goes to {prevalence.Agents[0]}'s own notes, since one agent was asked.");
            ledger?.Propose(pattern.Signature, PatternKinds.RememberRequest, heading, prevalence, rationale);
            findings.Add(new Finding(FindingKind.RememberRequest, pattern.Signature, heading,
                prevalence, pattern.Evidence, new ProposedEdit(path, $"- {MemoryText.Capitalized(words)}", Untrusted: false) { Section = path == _options.SharedPath ? "Conventions" : "Remembered" })
            {
                Rationale = rationale,
            });
        }

        return findings;
    }

    /// <summary>The user's words without a lead-in that only asks to remember: <c>Remember that the DB is read-only.</c> gives <c>The DB is read-only.</c></summary>
    internal static string Lesson(string quote)
    {
        var text = quote.Trim();
        foreach (var leadIn in LeadIns)
        {
            if (text.StartsWith(leadIn, StringComparison.OrdinalIgnoreCase) && (text.Length == leadIn.Length || !char.IsLetterOrDigit(text[leadIn.Length])))
            {
                var rest = text[leadIn.Length..].TrimStart(',', ':', ';', ' ', '-');
                if (rest.Length > 0)
                {
                    text = char.ToUpperInvariant(rest[0]) + rest[1..];
                }

                break;
            }
        }

        return text;
    }

    // The evidence of a pattern is its first request per session; a write after it in that session means the agent acted.
    private bool Handled(Pattern pattern, IReadOnlyDictionary<string, List<long>> writes) =>
        pattern.Evidence.Count == pattern.Prevalence.Sessions
        && pattern.Evidence.All(evidence => writes.TryGetValue(evidence.SessionId, out var indexes)
            && indexes.Any(index => index > evidence.EventIndex && index - evidence.EventIndex <= _options.WriteWindow));

    private static Dictionary<string, List<long>> MemoryWritesBySession(IEnumerable<Pattern> patterns)
    {
        var writes = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var pattern in patterns.Where(p => p.Example is MemoryAccessSignal { Access: MemoryAccessKind.Write }))
        {
            foreach (var evidence in pattern.Evidence)
            {
                if (!writes.TryGetValue(evidence.SessionId, out var indexes))
                {
                    indexes = [];
                    writes.Add(evidence.SessionId, indexes);
                }

                indexes.Add(evidence.EventIndex);
            }
        }

        return writes;
    }
}
