using Engram.Dreaming.Signals;

namespace Engram.Tests.Dreaming.Signals;

public sealed class ProgramRunSignalTests
{
    private static List<ProgramRunSignal> Runs(SignalEvents events) =>
        [.. SessionSignals.Extract("sesn_a", "coder", events.Events).OfType<ProgramRunSignal>()];

    [Fact]
    public void Each_program_gives_one_signal_per_session_however_often_it_ran()
    {
        var runs = Runs(new SignalEvents()
            .Bash("cd /repo && pytest -q", "3 passed")
            .Bash("cd /repo && pytest -q tests/unit", "1 passed")
            .Bash("make build", "ok"));

        Assert.Equal([("pytest", false, 1L), ("make", false, 5L)], runs.Select(r => (r.Program, r.Failed, r.EventIndex)));
        Assert.Equal("program_run|pytest|ok", runs[0].Signature);
    }

    [Fact]
    public void A_program_that_failed_once_is_failed_and_points_at_its_first_failure()
    {
        var runs = Runs(new SignalEvents()
            .Bash("pytest -q", "3 passed")
            .Bash("pytest -q tests/x", "Exit code 127\npytest: command not found", isError: true)
            .Bash("pytest -q", "3 passed"));

        var run = Assert.Single(runs);
        Assert.Equal(("pytest", true, 3L), (run.Program, run.Failed, run.EventIndex));
        Assert.Equal("program_run|pytest|failed", run.Signature);
    }

    [Theory]
    [InlineData("cat <<'EOF' > repro.py\nimport sys\nprint(sys.argv)\nEOF\npython3 repro.py", "python3")]
    [InlineData("cd /testbed && cat > t.py <<EOF\nx = 1\nEOF\n&& python -m pytest t.py", "pytest")]
    [InlineData("echo 'x = 1' > t.py && node t.js", "node")]
    [InlineData("cat setup.py", "cat")]
    [InlineData("/usr/bin/python3 -m pytest tests", "pytest")]
    [InlineData("timeout 60 bin/test sympy/core", "bin/test")]
    public void The_program_is_the_segment_that_does_the_work_not_the_file_written_for_it(string command, string program)
    {
        var run = Assert.Single(Runs(new SignalEvents().Bash(command, "ok")));
        Assert.Equal(program, run.Program);
    }

    [Fact]
    public void Tools_that_run_no_program_give_no_program_run()
    {
        Assert.Empty(Runs(new SignalEvents().Call("Read", new { file_path = "/repo/a.py" }, "x", isError: true)));
    }

    [Fact]
    public void Distinct_programs_per_session_are_bounded()
    {
        var events = new SignalEvents();
        for (var i = 0; i < SessionSignalExtractor.MaxProgramsPerSession + 10; i++)
        {
            events.Bash($"tool{i:D3} --version", "1.0");
        }

        Assert.Equal(SessionSignalExtractor.MaxProgramsPerSession, Runs(events).Count);
    }
}
