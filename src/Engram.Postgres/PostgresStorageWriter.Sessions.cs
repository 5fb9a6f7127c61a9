using Engram.Storage;
using Engram.Access.Audit;
using Engram.Access.Policies;
using Engram.Access;
using Engram.Dreaming.Dreams;
using Engram.Memories;
using Engram.Review;
using Engram.Search;
using Engram.Sessions;

namespace Engram.Postgres;

internal sealed partial class PostgresStorageWriter : ISessionWriter
{
    public void InsertSession(AgentSession session, string tokenSha256) => throw new NotImplementedException();
    public AgentSession? GetSession(string sessionId) => throw new NotImplementedException();
    public void EndSession(string sessionId, DateTimeOffset endedAt) => throw new NotImplementedException();
    public void InsertTranscriptSession(AgentSession session, SessionTranscript transcript) => throw new NotImplementedException();
    public SessionTranscript? GetTranscript(string sessionId) => throw new NotImplementedException();
    public void SetSessionTitle(string sessionId, string title) => throw new NotImplementedException();
    public void SetSessionAgent(string sessionId, string agent) => throw new NotImplementedException();
    public void UpdateTranscript(SessionTranscript transcript) => throw new NotImplementedException();
    public int AppendEvents(string sessionId, IReadOnlyList<PreparedEvent> events) => throw new NotImplementedException();
    public void DeleteSession(string sessionId) => throw new NotImplementedException();
}
