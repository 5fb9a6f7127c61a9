using Engram.Access;
using Engram.Access.Audit;
using Engram.Errors;
using Engram.Identity;
using Engram.Memories;
using Engram.Storage;

namespace Engram.Sessions;

/// <summary>
/// Sessions as recorded conversations: transcripts imported from files or appended live, their events read
/// back in order, and the link from a version to the conversation that prompted it. A session is visible to
/// itself, to whoever registered or imported it, and to admins; to anyone else it does not exist.
/// </summary>
internal sealed class SessionService(ISessionStorage storage, TimeProvider time, IIdGenerator ids, AuditTrail audit, AccessService access, SessionOptions options)
{
    /// <summary>Events per append: bounded so one request (and one transaction) stays small.</summary>
    public const int MaxEventsPerAppend = 5_000;

    /// <summary>Largest page of events.</summary>
    public const int MaxEventsPage = 1_000;

    /// <summary>The formats a transcript may be recorded in; <c>live</c> is a session whose events were appended through the API.</summary>
    public static readonly IReadOnlySet<string> Formats = new HashSet<string>(StringComparer.Ordinal)
    {
        "claude-code", "events", "messages", "openai", "codex", "mini-swe-agent", "swe-agent", "live",
    };

    /// <summary>
    /// Finds the session imported from the same source by the same principal, or else the one imported from a file of
    /// the same content (a copy found at another path), or creates it.
    /// </summary>
    public async Task<OpenedTranscript> OpenImportAsync(Caller caller, OpenTranscriptRequest request, CancellationToken cancellationToken)
    {
        if (caller.PrincipalId is not { } principal)
        {
            await audit.DeniedAsync(caller, "session.import", null, caller.Actor.Id, "only principals import sessions", cancellationToken).ConfigureAwait(false);
            throw new PermissionDeniedException("only a person or service account may import sessions");
        }

        var format = request.Format is { } f && Formats.Contains(f) && f != "live"
            ? f
            : throw new InvalidRequestException("format", $"must be one of {string.Join(", ", Formats.Where(f => f != "live").Order(StringComparer.Ordinal))}");
        var source = request.Source is { Length: > 0 and <= 4_096 } path && Path.IsPathFullyQualified(path)
            ? $"{principal}:{path}"
            : throw new InvalidRequestException("source", "must be an absolute file path of at most 4,096 characters");
        var agent = AccessService.ValidateAgent(request.Agent);
        var title = UnicodeTextRules.Bounded(request.Title ?? "", "title", 255);
        var contentId = ContentIdOf(principal, request.ContentId, "content_id");

        if (await storage.FindTranscriptBySourceAsync(source, cancellationToken).ConfigureAwait(false) is { } known
            && await storage.GetSessionAsync(known.SessionId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return new OpenedTranscript(existing, known, Created: false);
        }

        if (contentId is not null
            && await storage.FindTranscriptByContentAsync(contentId, cancellationToken).ConfigureAwait(false) is { } copy
            && await storage.GetSessionAsync(copy.SessionId, cancellationToken).ConfigureAwait(false) is { } original)
        {
            return new OpenedTranscript(original, copy, Created: false, FoundByContent: true);
        }

        return await storage.WriteAsync(tx =>
        {
            // An imported session ran elsewhere and has no token: it is recorded as already ended.
            var now = time.GetUtcNow();
            var session = new AgentSession(ids.NewId(IdPrefix.Session), agent, title, new Dictionary<string, string>(), [], caller.Actor, now, now);
            var transcript = new SessionTranscript(session.Id, format, source, 0, null, new TranscriptMetadata(), 0, contentId);
            tx.InsertTranscriptSession(session, transcript);
            audit.Record(tx, caller, "session.import", null, session.Id, $"format {format}");
            return new OpenedTranscript(session, transcript, Created: true);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Appends events to a session the caller may see (or, for a live session, its own token). Events whose
    /// source key the session already holds are not added again. Secrets are masked first unless turned off.
    /// Appends are applied in the order they are made, even when the caller does not wait for one before
    /// making the next: everything up to queueing the write happens before this returns, so a caller can
    /// prepare its next batch while this one is written.
    /// </summary>
    public Task<AppendEventsResult> AppendEventsAsync(Caller caller, string sessionId, IReadOnlyList<TranscriptEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            Validate(events);
            var prepared = Prepare(events, options.MaskSecrets);
            var written = storage.WriteAsync(tx =>
            {
                // Checked in the write itself, so nothing awaited comes between the call and its place in the queue.
                if (tx.GetSession(sessionId) is not { } session || !AccessService.MaySee(caller, session))
                {
                    throw new NotFoundException("session", sessionId);
                }

                var transcript = tx.GetTranscript(sessionId) ?? new SessionTranscript(sessionId, "live", null, 0, null, new TranscriptMetadata(), 0);
                var count = tx.AppendEvents(sessionId, prepared);
                tx.UpdateTranscript(transcript with { Events = transcript.Events + count });
                return count;
            }, cancellationToken);
            return ResultAsync(written, events.Count);
        }
        catch (Exception error) when (error is EngramException or OperationCanceledException)
        {
            return Task.FromException<AppendEventsResult>(error);
        }

        static async Task<AppendEventsResult> ResultAsync(Task<int> written, int count)
        {
            var added = await written.ConfigureAwait(false);
            return new AppendEventsResult(added, count - added);
        }
    }

    /// <summary>A content identity as stored: the importing principal's, so one principal's imports never find another's.</summary>
    private static string? ContentIdOf(string principal, string? contentId, string field) => contentId switch
    {
        null => null,
        { Length: TranscriptContent.IdLength } when contentId.All(char.IsAsciiHexDigitLower) => $"{principal}:{contentId}",
        _ => throw new InvalidRequestException(field, $"must be {TranscriptContent.IdLength} lowercase hex digits (a SHA-256)"),
    };

    private static void Validate(IReadOnlyList<TranscriptEvent> events)
    {
        if (events.Count > MaxEventsPerAppend)
        {
            throw new InvalidRequestException("events", $"at most {MaxEventsPerAppend:N0} events per request");
        }

        for (var i = 0; i < events.Count; i++)
        {
            if (string.IsNullOrEmpty(events[i].SourceKey) || events[i].SourceKey.Length > 1_024)
            {
                throw new InvalidRequestException($"events[{i}].source_key", "must be 1 to 1,024 characters");
            }

            if (EventLimits.Violation(events[i]) is var (field, rule))
            {
                throw new InvalidRequestException($"events[{i}].{field}", rule);
            }
        }
    }

    /// <summary>
    /// Records what a fully read transcript file said, and the file's fingerprint (so an unchanged file is not read
    /// again); and, when the importer learned it from the transcript, the agent the session ran as.
    /// </summary>
    public async Task<SessionTranscript> CompleteImportAsync(Caller caller, string sessionId, CompleteTranscriptRequest request, CancellationToken cancellationToken)
    {
        var session = await access.GetSessionAsync(caller, sessionId, cancellationToken).ConfigureAwait(false);
        var agent = request.Agent is null ? null : AccessService.ValidateAgent(request.Agent);
        var contentId = caller.PrincipalId is { } principal ? ContentIdOf(principal, request.ContentId, "content_id") : null;
        return await storage.WriteAsync(tx =>
        {
            var transcript = tx.GetTranscript(sessionId) ?? throw new NotFoundException("session", sessionId);
            var metadata = options.MaskSecrets ? MaskMetadata(request.Metadata) : request.Metadata;
            var updated = transcript with
            {
                Metadata = metadata, SourceSize = request.SourceSize, SourceModified = request.SourceModified, ContentId = contentId ?? transcript.ContentId,
            };
            tx.UpdateTranscript(updated);
            if (agent is not null && agent != session.Agent)
            {
                tx.SetSessionAgent(sessionId, agent);
            }

            if (session.Title.Length == 0 && metadata.Title is { Length: > 0 } title)
            {
                tx.SetSessionTitle(sessionId, title.Length > 255 ? title[..255] : title);
            }

            return updated;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The session's transcript record, or null when it has none yet.</summary>
    public async Task<SessionTranscript?> GetTranscriptAsync(Caller caller, string sessionId, CancellationToken cancellationToken)
    {
        await access.GetSessionAsync(caller, sessionId, cancellationToken).ConfigureAwait(false);
        return await storage.GetTranscriptAsync(sessionId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A page of a session's events in order; each original record only when <paramref name="withRaw"/>.</summary>
    public async Task<Page<StoredEvent>> ListEventsAsync(Caller caller, string sessionId, int? limit, string? page, bool withRaw, CancellationToken cancellationToken)
    {
        await access.GetSessionAsync(caller, sessionId, cancellationToken).ConfigureAwait(false);
        var size = ListLimits.Resolve(limit, max: MaxEventsPage);
        var from = PageToken.ParseIndex(page);
        var rows = await storage.ListEventsAsync(sessionId, from, size + 1, withRaw, cancellationToken).ConfigureAwait(false);
        return rows.Count > size
            ? new Page<StoredEvent>(rows.Take(size).ToList(), PageToken.For(rows[size].Index))
            : new Page<StoredEvent>(rows, null);
    }

    /// <summary>
    /// The events around a version written in a session: up to <paramref name="before"/> events before the
    /// write's time and <paramref name="after"/> from it on. Not found when the version was not written by a
    /// session the caller may see.
    /// </summary>
    public async Task<IReadOnlyList<StoredEvent>> EventsAroundVersionAsync(Caller caller, MemoryVersion version, int before, int after, CancellationToken cancellationToken)
    {
        if (version.CreatedBy is not { Type: ActorType.Session } actor)
        {
            throw new InvalidRequestException("version_id", $"version {version.Id} was not written in a session");
        }

        await access.GetSessionAsync(caller, actor.Id, cancellationToken).ConfigureAwait(false);
        var transcript = await storage.GetTranscriptAsync(actor.Id, cancellationToken).ConfigureAwait(false);
        var at = await storage.FindEventIndexAtAsync(actor.Id, version.CreatedAt, cancellationToken).ConfigureAwait(false) ?? transcript?.Events ?? 0;
        var from = Math.Max(0, at - Math.Clamp(before, 0, 100));
        return await storage.ListEventsAsync(actor.Id, from, (int)(at - from) + Math.Clamp(after, 0, 100), withRaw: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a session, its events and its transcript. Versions keep the session id they recorded.</summary>
    public async Task DeleteAsync(Caller caller, string sessionId, CancellationToken cancellationToken)
    {
        await access.GetSessionAsync(caller, sessionId, cancellationToken).ConfigureAwait(false);
        if (caller.Session?.SessionId == sessionId)
        {
            throw new PermissionDeniedException("a session cannot delete itself; ask whoever registered it");
        }

        await storage.WriteAsync(tx =>
        {
            tx.DeleteSession(sessionId);
            audit.Record(tx, caller, "session.delete", null, sessionId);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Masks a batch and compresses its records on every core, before the write: this is most of an import's
    /// work besides parsing, and the single writer should only write.
    /// </summary>
    private static PreparedEvent[] Prepare(IReadOnlyList<TranscriptEvent> events, bool mask)
    {
        var prepared = new PreparedEvent[events.Count];
        Parallel.For(0, events.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var e = mask ? Mask(events[i]) : events[i];
            prepared[i] = new PreparedEvent(e, RawRecords.Compress(e.Raw));
        });
        return prepared;
    }

    // A record and a tool's input are JSON, where a secret can hide behind \u escapes; the text is already decoded.
    private static TranscriptEvent Mask(TranscriptEvent e) => e with
    {
        Text = e.Text is null ? null : MaskOrWithhold(e.Text, escaped: false),
        ToolInput = e.ToolInput is null ? null : MaskOrWithhold(e.ToolInput, escaped: true),
        Raw = MaskOrWithhold(e.Raw, escaped: true),
    };

    private static TranscriptMetadata MaskMetadata(TranscriptMetadata m) => m with
    {
        Title = m.Title is null ? null : MaskOrWithhold(m.Title, escaped: false),
    };

    // Text the masker could not scan in time is withheld rather than stored unmasked.
    private static string MaskOrWithhold(string text, bool escaped)
    {
        try
        {
            return escaped ? SecretMasker.MaskEscaped(text, out _) : SecretMasker.Mask(text, out _);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return "[REDACTED:unscannable]";
        }
    }
}

/// <summary>How sessions are recorded.</summary>
/// <param name="MaskSecrets">Mask API keys, tokens, private keys and passwords in events as they are stored (on by default).</param>
public sealed record SessionOptions(bool MaskSecrets = true);
