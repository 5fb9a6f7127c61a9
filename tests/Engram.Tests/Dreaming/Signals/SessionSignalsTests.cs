using Engram.Dreaming.Signals;

namespace Engram.Tests.Dreaming.Signals;

public sealed class SessionSignalsTests
{
    private const string NotFound = "Exit code 127\n/bin/bash: line 1: pytest: command not found";

    // Program runs have their own tests (ProgramRunSignalTests); these look at the other signals.
    private static IReadOnlyList<Signal> Extract(SignalEvents events, string session = "sesn_a") =>
        [.. SessionSignals.Extract(session, "coder", events.Events).Where(signal => signal is not ProgramRunSignal)];

    [Theory]
    [InlineData("cd /srv/app && pytest tests -q", "cd /srv/app && python -m pytest tests -q")]
    [InlineData("docker compose up -d", "docker-compose up -d")]
    [InlineData("make docs", "pip install sphinx && make docs")]
    [InlineData("npm test", "npm test -- --runInBand")]
    public void A_success_related_to_the_failure_is_its_retry(string failed, string succeeded)
    {
        var signals = Extract(new SignalEvents().Bash(failed, "error: it broke", isError: true).Bash(succeeded, "ok"));

        Assert.Single(signals.OfType<RecoveredRetrySignal>());
    }

    [Theory]
    [InlineData("cat /var/log/app1/err_7f3a.log", "grep -rn handler src/module275")]
    [InlineData("cd /srv/app && cat missing.log", "cd /srv/app && git status")]
    public void A_success_unrelated_to_the_failure_is_the_agent_moving_on_not_a_retry(string failed, string succeeded)
    {
        var signals = Extract(new SignalEvents().Bash(failed, "No such file or directory", isError: true).Bash(succeeded, "ok"));

        Assert.Empty(signals.OfType<RecoveredRetrySignal>());
        Assert.Single(signals.OfType<ToolFailureSignal>());
    }

    [Fact]
    public void A_failed_command_fixed_by_another_gives_a_failure_and_a_recovered_retry()
    {
        var signals = Extract(new SignalEvents()
            .User("run the tests")
            .Bash("cd /repo && pytest tests/ -q", NotFound, isError: true)
            .Bash("cd /repo && python -m pytest tests/ -q", "3 passed in 0.12s"));

        Assert.Equal(2, signals.Count);
        var failure = Assert.IsType<ToolFailureSignal>(signals[0]);
        Assert.Equal(("Bash", "pytest", "cd /repo && pytest tests/ -q", 2L, false), (failure.Tool, failure.Program, failure.Input, failure.EventIndex, failure.OffPath));
        Assert.Equal("<path>: line <num>: pytest: command not found", failure.Template.Text);
        Assert.Equal("/bin/bash: line 1: pytest: command not found", failure.Quote);
        Assert.Equal("tool_failure|missing_command|pytest", failure.Signature);
        Assert.Equal((FailureClass.MissingCommand, "pytest", 127), (failure.Class, failure.Subject, failure.ExitCode));

        var retry = Assert.IsType<RecoveredRetrySignal>(signals[1]);
        Assert.Equal(("cd /repo && pytest tests/ -q", "cd /repo && python -m pytest tests/ -q", "`pytest` -> `python -m pytest`", 4L, 2L),
            (retry.FailedInput, retry.SucceededInput, retry.Change, retry.EventIndex, retry.FailureIndex));
        Assert.Equal("recovered_retry|tool_failure|missing_command|pytest", retry.Signature);
        Assert.Equal(("pytest -> python -m pytest", "/bin/bash: line 1: pytest: command not found"), (retry.Variant, retry.FailureQuote));
    }

    [Fact]
    public void A_one_off_failure_gives_no_retry()
    {
        var signals = Extract(new SignalEvents()
            .Bash("pytest", NotFound, isError: true)
            .Call("Read", new { file_path = "/repo/README.md" }, "# Readme")
            .Bash("pytest", "1 passed")); // the same input: it was flaky, nothing was learned

        Assert.IsType<ToolFailureSignal>(Assert.Single(signals));
    }

    [Fact]
    public void A_success_beyond_the_retry_window_is_not_a_retry()
    {
        var events = new SignalEvents().Bash("pytest", NotFound, isError: true);
        for (var i = 0; i < 5; i++)
        {
            events.Call("Read", new { file_path = $"/repo/f{i}.py" }, "x");
        }

        var signals = Extract(events.Bash("python -m pytest", "1 passed"));

        Assert.IsType<ToolFailureSignal>(Assert.Single(signals));
    }

    [Fact]
    public void Shell_output_that_plainly_failed_counts_without_the_flag_but_other_tools_output_does_not()
    {
        var signals = Extract(new SignalEvents()
            .Bash("make build", "Traceback (most recent call last):\n  File \"x.py\", line 1\nKeyError: 'name'")
            .Call("Read", new { file_path = "/repo/notes.txt" }, "Error: this file documents errors"));

        var failure = Assert.IsType<ToolFailureSignal>(Assert.Single(signals));
        Assert.Equal(("make", "KeyError: '<quoted>'"), (failure.Program, failure.Template.Text));
    }

    [Fact]
    public void The_same_failure_in_two_sessions_has_one_signature()
    {
        var one = Extract(new SignalEvents("sesn_a").Bash("pytest /home/ann/a/tests", "Exit code 4\nERROR: file or directory not found: /home/ann/a/tests/test_7.py", isError: true), "sesn_a");
        var other = Extract(new SignalEvents("sesn_b").Bash("pytest /srv/b/t", "Exit code 5\nERROR: file or directory not found: /srv/b/t/test_12.py", isError: true), "sesn_b");

        Assert.Equal(one.Single().Signature, other.Single().Signature);
        Assert.NotEqual(one.Single().SessionId, other.Single().SessionId);
    }

    [Fact]
    public void Secrets_in_failure_quotes_and_inputs_are_masked()
    {
        var signals = Extract(new SignalEvents()
            .Bash("curl -H 'Authorization: Bearer Zt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6Js0Pa5' https://api.example.com", "error: token ghp_Zt4Wq9Lm2Xc7Vb1Nk8Hd3Fg6Js0Pa5TyRe4U rejected", isError: true));

        var failure = Assert.IsType<ToolFailureSignal>(Assert.Single(signals));
        Assert.Equal("error: token [REDACTED:github-token] rejected", failure.Quote);
        Assert.Equal("curl -H 'Authorization: Bearer [REDACTED:bearer-token]' https://api.example.com", failure.Input);
    }

    [Fact]
    public void Off_path_failures_are_kept_and_marked_while_off_path_user_messages_are_skipped()
    {
        var signals = Extract(new SignalEvents()
            .Agent("starting")
            .Bash("pytest", NotFound, isError: true, offPath: true)
            .User("no, use uv run pytest", offPath: true)
            .User("from now on use uv", offPath: true));

        var failure = Assert.IsType<ToolFailureSignal>(Assert.Single(signals));
        Assert.True(failure.OffPath);
    }

    [Fact]
    public void Four_identical_calls_are_one_repeated_call()
    {
        var events = new SignalEvents();
        for (var i = 0; i < 4; i++)
        {
            events.Call("Grep", new { pattern = "TODO", path = "/repo" }, "no matches", isError: false);
        }

        var repeated = Assert.IsType<RepeatedCallSignal>(Assert.Single(Extract(events)));
        Assert.Equal(("Grep", 4, 0L, 6L, "/repo"), (repeated.Tool, repeated.Count, repeated.EventIndex, repeated.LastIndex, repeated.Input));
        Assert.Equal($"repeated_call|Grep|{repeated.InputHash}", repeated.Signature);
    }

    [Fact]
    public void A_different_call_succeeding_in_between_breaks_the_loop()
    {
        var signals = Extract(new SignalEvents()
            .Bash("ls", "a")
            .Bash("ls", "a")
            .Bash("pwd", "/repo")
            .Bash("ls", "a")
            .Bash("ls", "a"));

        Assert.Empty(signals);
    }
}
