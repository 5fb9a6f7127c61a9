namespace Engram.Sessions.Formats;

internal sealed partial class SweAgentFormat
{
    /// <summary>
    /// Turns a run's history (or, without one, its trajectory) into events. The history's replies are paired with
    /// the trajectory's steps by their action, in order: a step that matches gives the result its raw observation
    /// (the history wraps it in the harness's next-step template), and the steps passed over on the way are replies
    /// the harness refused and asked again for, whose refused reply and answer are put back where they happened.
    /// </summary>
    private sealed class Conversation(Run run, IReadOnlyList<Step> steps)
    {
        /// <summary>How far ahead of the last paired step a reply's step is looked for: SWE-agent asks again a few times at most (<c>max_requeries</c>, 3 by default) before it gives up.</summary>
        private const int MaxStepsAhead = 16;

        private readonly List<(string Id, string Name)> _calls = [];
        private int _cursor;

        /// <summary>The steps from the one after the last paired step through the step just paired.</summary>
        private (int From, int To)? _passed;

        public IEnumerable<TranscriptEvent> FromHistory(IReadOnlyList<HistoryMessage> history)
        {
            var taskSeen = false;
            Step? step = null;
            foreach (var message in history)
            {
                var key = $"h{message.Position}";
                var shared = new TranscriptEvent(TranscriptEventKind.Marker, key, null, message.Text, Raw: message.Raw, Line: message.Position);
                if (message.IsDemo)
                {
                    yield return shared with { OffPath = true };
                    continue;
                }

                switch (message.Role)
                {
                    case "system":
                        run.LearnCommands(message.Text);
                        yield return shared;
                        break;
                    case "assistant":
                        step = Pair(message.Action);
                        foreach (var requeried in Requeries(step))
                        {
                            yield return requeried;
                        }

                        foreach (var reply in Reply(message, shared))
                        {
                            yield return reply;
                        }

                        break;
                    case "user" when !taskSeen:
                        taskSeen = true;
                        yield return shared with { Kind = TranscriptEventKind.UserMessage };
                        break;
                    case "user" or "tool":
                        yield return Answer(message, shared, step);
                        step = null;
                        break;
                    default:
                        yield return shared;
                        break;
                }
            }
        }

        public IEnumerable<TranscriptEvent> FromTrajectory()
        {
            for (var i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                foreach (var requeried in Requery(step))
                {
                    yield return requeried;
                }

                // A refused reply is told by the next step: it asked again. Its reply and the answer came with that step.
                if (i + 1 < steps.Count && steps[i + 1].Requery is not null)
                {
                    continue;
                }

                var at = new TranscriptEvent(TranscriptEventKind.AgentMessage, $"t{step.Position}", null, step.Thought ?? step.Response, Raw: step.Raw, Line: step.Position);
                if (!string.IsNullOrWhiteSpace(at.Text))
                {
                    yield return at;
                }

                if (step.Action.Trim().Length == 0)
                {
                    continue;
                }

                var use = Command(at, $"t{step.Position}:action", step.Action);
                yield return use;
                yield return at with
                {
                    Kind = TranscriptEventKind.ToolResult, SourceKey = $"t{step.Position}:result", Text = step.Observation,
                    ToolUseId = use.ToolUseId, ToolName = use.ToolName, IsError = run.IsRefusal(step.Observation),
                };
            }
        }

        /// <summary>The agent's reply: its thinking, its thought (or text), and its call (a function call, or the action written out).</summary>
        private IEnumerable<TranscriptEvent> Reply(HistoryMessage message, TranscriptEvent shared)
        {
            _calls.Clear();
            for (var i = 0; i < message.Thinking.Count; i++)
            {
                yield return shared with { Kind = TranscriptEventKind.Thinking, SourceKey = $"{shared.SourceKey}:thinking:{i}", Text = message.Thinking[i] };
            }

            var said = message.Thought ?? message.Text;
            if (!string.IsNullOrWhiteSpace(said))
            {
                yield return shared with { Kind = TranscriptEventKind.AgentMessage, Text = said };
            }

            if (message.Calls.Count > 0)
            {
                for (var i = 0; i < message.Calls.Count; i++)
                {
                    var call = message.Calls[i];
                    var key = $"{shared.SourceKey}:call:{i}";
                    var id = call.Id ?? key;
                    var name = call.Name ?? "bash";
                    _calls.Add((id, name));
                    yield return shared with { Kind = TranscriptEventKind.ToolUse, SourceKey = key, Text = null, ToolUseId = id, ToolName = name, ToolInput = call.Arguments };
                }
            }
            else if (message.Action is { } action && action.Trim().Length > 0)
            {
                yield return Command(shared, $"{shared.SourceKey}:action", action);
            }
        }

        /// <summary>
        /// The harness's message after a reply: its answer to a malformed reply (feedback), or the result of the
        /// reply's call, failed when the harness refused it; with no call waiting, anything else is a person speaking.
        /// </summary>
        private TranscriptEvent Answer(HistoryMessage message, TranscriptEvent shared, Step? step)
        {
            var observation = step is not null && (step.Observation.Trim().Length == 0 || message.Text.Contains(step.Observation, StringComparison.Ordinal))
                ? step.Observation
                : message.Text;
            if (run.IsFormatError(message.Text))
            {
                _calls.Clear();
                return shared with { Kind = TranscriptEventKind.Feedback };
            }

            var index = message.CallIds.Count > 0 ? _calls.FindIndex(c => message.CallIds.Contains(c.Id)) : (_calls.Count > 0 ? 0 : -1);
            if (index < 0 && message.Role == "user")
            {
                return shared with { Kind = TranscriptEventKind.UserMessage };
            }

            var (id, name) = index >= 0 ? _calls[index] : (message.CallIds.FirstOrDefault(), (string?)null);
            if (index >= 0)
            {
                _calls.RemoveAt(index);
            }

            return shared with
            {
                Kind = TranscriptEventKind.ToolResult, Text = observation, ToolUseId = id, ToolName = name,
                IsError = run.IsRefusal(observation) || run.IsRefusal(message.Text),
            };
        }

        /// <summary>A written-out action as a call: the harness command it starts with, or <c>bash</c>.</summary>
        private TranscriptEvent Command(TranscriptEvent at, string key, string action)
        {
            var command = action.Trim();
            var name = run.ToolOf(command);
            _calls.Clear();
            _calls.Add((key, name));
            return at with { Kind = TranscriptEventKind.ToolUse, SourceKey = key, Text = null, ToolUseId = key, ToolName = name, ToolInput = JsonDocuments.CommandInput(command) };
        }

        /// <summary>The trajectory step a history reply made: the next one (within reach) with the same action; null when there is none.</summary>
        private Step? Pair(string? action)
        {
            if (action is null)
            {
                return null;
            }

            var wanted = action.Trim();
            for (var i = _cursor; i < steps.Count && i < _cursor + MaxStepsAhead; i++)
            {
                if (steps[i].Action.Trim() == wanted)
                {
                    var skippedFrom = _cursor;
                    _cursor = i + 1;
                    _passed = (skippedFrom, i);
                    return steps[i];
                }
            }

            _passed = null;
            return null;
        }

        /// <summary>The refusals between the last paired step and this one (each step that asked again carries one).</summary>
        private IEnumerable<TranscriptEvent> Requeries(Step? paired)
        {
            if (paired is null || _passed is not { } passed)
            {
                yield break;
            }

            for (var i = passed.From; i <= passed.To; i++)
            {
                foreach (var requeried in Requery(steps[i]))
                {
                    yield return requeried;
                }
            }
        }

        /// <summary>A refused reply and the harness's answer, before the step that answered it again.</summary>
        private IEnumerable<TranscriptEvent> Requery(Step step)
        {
            if (step.Requery is not { } requery)
            {
                yield break;
            }

            var key = $"t{step.Position}:requery";
            var reply = new TranscriptEvent(TranscriptEventKind.AgentMessage, key, null, requery.Reply, Raw: step.Raw, Line: step.Position);
            if (requery.Reply.Trim().Length > 0)
            {
                yield return reply;
            }

            var answer = reply with { SourceKey = $"{key}:answer", Text = requery.Answer };
            if (run.IsRefusal(requery.Answer) && steps.FirstOrDefault(s => s.Position == step.Position - 1) is { Action: { Length: > 0 } refused })
            {
                // The harness refused the call itself (a syntax check, the blocklist): a failed call, not a malformed reply.
                var use = Command(reply, $"{key}:action", refused);
                yield return use;
                yield return answer with { Kind = TranscriptEventKind.ToolResult, ToolUseId = use.ToolUseId, ToolName = use.ToolName, IsError = true };
                _calls.Clear();
                yield break;
            }

            yield return answer with { Kind = TranscriptEventKind.Feedback };
        }
    }
}
