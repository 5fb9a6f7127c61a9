using Engram.Dreaming.Dreams;
using Engram.Dreaming.Signals;
using Engram.Tests.Dreaming.Findings;

namespace Engram.Tests.Dreaming.Dreams;

public sealed class DreamRecordsTests
{
    [Fact]
    public void A_sessions_analysis_reads_back_with_every_signal_of_its_kind_and_without_stored_signatures()
    {
        var (id, agent, signals) = FleetSessions.Session(2, new HashSet<int>([2]), new Dictionary<int, (string, string)> { [2] = ("agent7", "No, use pnpm instead of npm.") });
        Assert.Contains(signals, s => s is RecoveredRetrySignal);
        Assert.Contains(signals, s => s is UserCorrectionSignal);
        var record = new SessionAnalysisRecord(agent, FleetSessions.Start, 9, signals);

        var json = DreamJson.Write(record);
        var back = DreamJson.Read<SessionAnalysisRecord>(json);

        Assert.Equal(signals, back.Signals);
        Assert.Equal(signals.Select(s => s.Signature), back.Signals.Select(s => s.Signature));
        Assert.Equal((agent, FleetSessions.Start, 9L), (back.Agent, back.StartedAt, back.Events));
        Assert.DoesNotContain("\"signature\"", json, StringComparison.Ordinal);
        Assert.Equal(id, back.Digest(id).SessionId);
    }

    [Fact]
    public void A_copy_keeps_the_input_name_within_the_store_name_limit()
    {
        Assert.Equal("team · dream drm_1", DreamRunner.CopyName("team", "drm_1"));
        var name = DreamRunner.CopyName(new string('n', 300), "drm_1");
        Assert.Equal(255, name.Length);
        Assert.EndsWith(" · dream drm_1", name, StringComparison.Ordinal);
    }
}
