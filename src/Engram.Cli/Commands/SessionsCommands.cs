using System.CommandLine;
using System.Globalization;
using Engram.Access;
using Engram.Errors;
using Engram.Sessions;
using Engram.Wire;

namespace Engram.Cli.Commands;

internal static class SessionsCommands
{
    public static Command Build() => new Command("sessions", "Agent sessions: start one (a token for the agent), list, show, end; import transcripts, read their events")
        .With([Start(), List(), Show(), End(), .. SessionsImportCommands.Build()]);

    private static Command Start()
    {
        var agent = new Option<string>("--agent") { Description = "The agent's name (lowercase; it names /agents/{agent}/)", Required = true };
        var attach = new Option<string[]>("--attach") { Description = "A store to attach, STORE or STORE:read_only (repeatable; default: --store)" };
        var title = new Option<string?>("--title") { Description = "What the session is for" };
        var instructions = new Option<string?>("--instructions") { Description = "Instructions the agent gets about the attached stores" };
        return new Command("start", "Register an agent session and print its token (for scripts that launch agents)").With(agent, attach, title, instructions).Handle(async (run, ct) =>
        {
            var references = run.Parse.GetValue(attach) is { Length: > 0 } given ? given.Select(g => (string?)g).ToArray() : new string?[] { null };
            var stores = new List<SessionAttachment>();
            foreach (var reference in references)
            {
                var (name, access) = SplitAccess(reference);
                var store = await run.StoreAsync(name ?? run.Parse.GetValue(GlobalOptions.Store), ct);
                stores.Add(new SessionAttachment(store.Id, access, run.Parse.GetValue(instructions) ?? ""));
            }

            var registered = await run.Client().RegisterSessionAsync(new RegisterSessionRequest(run.Parse.GetValue(agent), run.Parse.GetValue(title), Stores: stores), ct);
            return run.Report(
                registered.ToJson(),
                $"{registered.Session.Id} for agent {registered.Session.Agent}\n{registered.Token}\nPass it as --api-key (or ENGRAM_API_KEY, or x-api-key over HTTP); it is shown only now.");
        });
    }

    private static Command List()
    {
        var limit = new Option<int>("--limit", "-n") { Description = "At most N sessions (1 to 1,000, default 100)", DefaultValueFactory = _ => 100 };
        var page = new Option<string?>("--page") { Description = "Continue from a next_page token" };
        return new Command("list", "Sessions you registered (all for admins)").With(limit, page).Handle(async (run, ct) =>
        {
            var result = await run.Client().ListSessionsAsync(run.Parse.GetValue(limit), run.Parse.GetValue(page), ct);
            if (run.Json)
            {
                run.WriteJson(result.ToJson(s => s.ToJson()));
                return ExitCodes.Ok;
            }

            if (result.Data.Count == 0)
            {
                run.Line("no sessions");
            }

            foreach (var session in result.Data)
            {
                var stores = string.Join(", ", session.Stores.Select(s => $"{s.StoreId}:{GovernanceMapping.Access(s.Access)}"));
                run.Line($"{session.Id}  {Format.Time(session.CreatedAt)}  {session.Agent,-16}  {(session.EndedAt is null ? "active" : "ended"),-7}  {stores}  {session.Title}");
            }

            if (result.NextPage is { } next)
            {
                run.Line($"more: --page {next}");
            }

            return ExitCodes.Ok;
        });
    }

    private static Command Show()
    {
        var id = new Argument<string>("session") { Description = "sesn_..." };
        return new Command("show", "Show a session").With(id).Handle(async (run, ct) =>
        {
            var client = run.Client();
            var session = await client.GetSessionAsync(run.Parse.GetValue(id)!, ct);
            var transcript = await client.GetTranscriptAsync(session.Id, ct);
            return run.Report(session.ToJson(), $"{session.Id} agent {session.Agent} \"{session.Title}\" {(session.EndedAt is null ? "active" : $"ended {Format.Time(session.EndedAt)}")}\n" +
                string.Join('\n', session.Stores.Select(s => $"  {s.StoreId} {GovernanceMapping.Access(s.Access)} {s.Instructions}").Concat(TranscriptLines(transcript))));
        });
    }

    /// <summary>What the transcript told about its run: format, file, events, model, project, outcome, times, usage.</summary>
    private static IEnumerable<string> TranscriptLines(SessionTranscript? transcript)
    {
        if (transcript is null)
        {
            yield break;
        }

        var m = transcript.Metadata;
        yield return $"  transcript: {transcript.Format}, {Format.Count(transcript.Events, "event")}{(transcript.SourcePath is null ? "" : $", from {transcript.SourcePath}")}";
        foreach (var (label, value) in new (string, string?)[]
        {
            ("model", m.Model), ("project", m.Project), ("outcome", m.Outcome), ("working directory", m.WorkingDirectory), ("git branch", m.GitBranch),
            ("started", m.StartedAt is null ? null : Format.Time(m.StartedAt)), ("ended", m.EndedAt is null ? null : Format.Time(m.EndedAt)),
            ("tokens", m.Usage is { } u ? string.Create(CultureInfo.InvariantCulture, $"{u.InputTokens:N0} in, {u.OutputTokens:N0} out") : null),
        })
        {
            if (!string.IsNullOrEmpty(value))
            {
                yield return $"  {label}: {value}";
            }
        }
    }

    private static Command End()
    {
        var id = new Argument<string>("session") { Description = "sesn_..." };
        return new Command("end", "End a session: its token stops working").With(id).Handle(async (run, ct) =>
        {
            var session = await run.Client().EndSessionAsync(run.Parse.GetValue(id)!, ct);
            return run.Report(session.ToJson(), $"ended {session.Id} at {Format.Time(session.EndedAt)}");
        });
    }

    private static (string? Store, AttachmentAccess Access) SplitAccess(string? reference)
    {
        if (reference is null)
        {
            return (null, AttachmentAccess.ReadWrite);
        }

        var colon = reference.LastIndexOf(':');
        if (colon < 0)
        {
            return (reference, AttachmentAccess.ReadWrite);
        }

        var access = GovernanceMapping.ParseAccess(reference[(colon + 1)..])
            ?? throw new InvalidRequestException("--attach", $"access must be read_only or read_write (got \"{reference[(colon + 1)..]}\")");
        return (reference[..colon], access);
    }
}
