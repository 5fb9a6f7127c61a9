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

internal sealed partial class PostgresStorageWriter : IDreamWriter
{
    public Dream? GetDream(string dreamId) => throw new NotImplementedException();
    public Dream? FindUnfinishedDreamWriting(string storeId) => throw new NotImplementedException();
    public void InsertDream(Dream dream, IReadOnlyList<string> sessionIds) => throw new NotImplementedException();
    public void UpdateDream(Dream dream) => throw new NotImplementedException();
    public int RecordDreamAnalyses(string dreamId, IReadOnlyList<DreamSessionAnalysis> analyses) => throw new NotImplementedException();
    public void RecordDreamFindings(string dreamId, IReadOnlyList<DreamSessionFindings> findings) => throw new NotImplementedException();
    public void RecordDreamPatterns(string dreamId, IReadOnlyList<string> patterns) => throw new NotImplementedException();
}
