using Madoguchi.Core.Expressions;

namespace Madoguchi.Core.Cases;

/// <summary>
/// The case state machine: pure rules over <see cref="CaseState"/>. Only the pairs in
/// <see cref="CaseTransitionTable"/> are ever allowed; within them, the step's rules decide who may act. Every refusal
/// carries a code and a Japanese and English message; nothing here reads a clock, a database or the network.
/// </summary>
public static class CaseMachine
{
    /// <summary>
    /// A newly received case (version 0, no history): the applicable steps are computed from the answers now.
    /// <paramref name="applicantId"/> is the applicant's account id, or their staff id when a staff member applies.
    /// </summary>
    public static CaseState Open(RouteDefinition route, string? applicantId, DateTime receivedAt, IExprValues answers)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(answers);
        if (!route.Steps.Any(s => s.When is null))
        {
            // The importer refuses such routes (noUnconditionalStep); a route built in code must follow the same rule.
            throw new ArgumentException("The route needs at least one step without a condition, so that every case is reviewed.", nameof(route));
        }

        return new CaseState
        {
            Status = CaseStatus.Received,
            ApplicantId = applicantId,
            Plan = RoutePlanner.Plan(route, answers, receivedAt),
            ReceivedAt = receivedAt,
            StepStartedAt = receivedAt,
        };
    }

    /// <summary>
    /// Applies one command. <paramref name="route"/> must be the route of the procedure version the case was made with;
    /// <paramref name="answers"/> are the application's current answers (read only when a resubmission recomputes the
    /// route); <paramref name="now"/> is UTC.
    /// </summary>
    public static CaseResult Apply(RouteDefinition route, CaseState state, CaseCommand command, Actor actor, DateTime now, IExprValues answers)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(answers);

        if (state.Plan.FirstOrDefault(id => route.FindStep(id) is null) is { } missing)
        {
            throw new ArgumentException(
                $"The case's plan names step '{missing}', which this route does not have; pass the route of the procedure version the case was made with.",
                nameof(route));
        }

        if (CaseTransitionTable.Find(state.Status, command.Kind) is not { } rule)
        {
            return CaseResult.Refused(state, CaseMessages.NotAllowed(state.Status, command.Kind));
        }

        var context = new Context(route, state, actor, now);
        var change = command switch
        {
            StartReview => context.StartReview(),
            ClaimStep => context.Claim(),
            AssignStep assign => context.Assign(assign),
            ApproveStep approve => context.Approve(approve),
            RecordVote vote => context.Vote(vote),
            ReturnStep back => context.Return(back),
            RequestCorrection correction => context.RequestCorrection(correction),
            Resubmit resubmit => context.Resubmit(resubmit, answers),
            Decide decide => context.Decide(decide),
            Withdraw withdraw => context.Withdraw(withdraw),
            _ => throw new ArgumentException("Unknown command " + command.GetType().Name, nameof(command)),
        };

        if (change.Refusal is { } refusal)
        {
            return CaseResult.Refused(state, refusal);
        }

        var next = change.Next!;
        if (!rule.To.Contains(next.Status))
        {
            throw new InvalidOperationException($"{command.Kind} from {state.Status} led to {next.Status}, which the transition table does not allow.");
        }

        var version = state.Version + 1;
        var transition = new CaseTransition(state.Status, next.Status, state.CurrentStepId, next.CurrentStepId, command, actor, now, change.Comment, version);
        return CaseResult.Accepted(next with { Version = version, History = [.. state.History, transition] }, transition);
    }

    private readonly record struct Change(CaseState? Next, string? Comment, CaseRefusal? Refusal)
    {
        public static implicit operator Change(CaseRefusal refusal) => new(null, null, refusal);

        public static Change To(CaseState next, string? comment = null) => new(next, comment, null);
    }

    private sealed class Context(RouteDefinition route, CaseState state, Actor actor, DateTime now)
    {
        public Change StartReview()
        {
            var step = StepAt(0);
            if ((StaffGuard() ?? EligibleGuard(step) ?? HandlerGuard(step)) is { } refusal)
            {
                return refusal;
            }

            // The first step's clock started at receipt (or resubmission): waiting to be started is part of it.
            return Change.To(state with
            {
                Status = CaseStatus.InReview,
                StepIndex = 0,
                Handler = step.Kind == StepKind.Consultation ? null : actor.Id,
                Votes = [],
            });
        }

        public Change Claim()
        {
            var step = Current();
            if (step.Kind == StepKind.Consultation)
            {
                return CaseMessages.ConsultationStep(step);
            }

            if ((StaffGuard() ?? EligibleGuard(step)) is { } refusal)
            {
                return refusal;
            }

            if (state.Handler is { } handler)
            {
                return handler == actor.Id ? CaseMessages.AlreadyHandler(step, handler) : CaseMessages.AssignedToOther(step, handler);
            }

            if (PriorApproval(step, actor.Id) is { } prior)
            {
                return CaseMessages.SameApprover(prior);
            }

            return Change.To(state with { Handler = actor.Id });
        }

        public Change Assign(AssignStep command)
        {
            ArgumentNullException.ThrowIfNull(command.Assignee, nameof(command));
            var step = Current();
            if (step.Kind == StepKind.Consultation)
            {
                return CaseMessages.ConsultationStep(step);
            }

            if ((StaffGuard() ?? EligibleGuard(step)) is { } refusal)
            {
                return refusal;
            }

            var assignee = command.Assignee;
            if (assignee.Kind != ActorKind.Staff)
            {
                return CaseMessages.AssigneeNotStaff();
            }

            if (assignee.Id == state.ApplicantId)
            {
                return CaseMessages.AssigneeIsApplicant();
            }

            if (!step.Admits(assignee))
            {
                return CaseMessages.AssigneeNotEligible(step, assignee.Id);
            }

            if (state.Handler == assignee.Id)
            {
                return CaseMessages.AlreadyHandler(step, assignee.Id);
            }

            if (PriorApproval(step, assignee.Id) is { } prior)
            {
                return CaseMessages.AssigneeAlreadyApproved(prior, assignee.Id);
            }

            return Change.To(state with { Handler = assignee.Id }, assignee.Id);
        }

        public Change Approve(ApproveStep command)
        {
            var step = Current();
            if (StepGuard(step, command.StepId) is { } mismatch)
            {
                return mismatch;
            }

            if (step.Kind == StepKind.Consultation)
            {
                return CaseMessages.ConsultationStep(step);
            }

            if ((StaffGuard() ?? EligibleGuard(step) ?? HandlerGuard(step)) is { } refusal)
            {
                return refusal;
            }

            if (PriorApproval(step, actor.Id) is { } prior)
            {
                return CaseMessages.SameApprover(prior);
            }

            var approved = state with { Approvals = [.. state.Approvals, new StepApproval(step.Id, actor.Id, now)] };
            return Change.To(Advance(approved), command.Comment);
        }

        public Change Vote(RecordVote command)
        {
            var step = Current();
            if (StepGuard(step, command.StepId) is { } mismatch)
            {
                return mismatch;
            }

            if (step.Kind != StepKind.Consultation)
            {
                return CaseMessages.NotConsultationStep(step);
            }

            if (StaffGuard() is { } refusal)
            {
                return refusal;
            }

            var votes = state.Votes;
            ConsultationParty party;
            if (command.PartyId is { } partyId)
            {
                if (step.Parties.FirstOrDefault(p => p.Id == partyId) is not { } named)
                {
                    return CaseMessages.UnknownParty(step, partyId);
                }

                if (!named.Admits(actor))
                {
                    return CaseMessages.NotPartyMember(step, named);
                }

                party = named;
            }
            else
            {
                var mine = step.Parties.Where(p => p.Admits(actor)).ToList();
                var open = mine.Where(p => !votes.Any(v => v.PartyId == p.Id)).ToList();
                if (mine.Count == 0)
                {
                    return CaseMessages.NotAssignee(step);
                }

                if (open.Count == 0)
                {
                    return CaseMessages.AlreadyVoted(step, mine.Count == 1 ? mine[0] : null);
                }

                if (open.Count > 1)
                {
                    return CaseMessages.AmbiguousParty(step);
                }

                party = open[0];
            }

            if (votes.Any(v => v.PartyId == party.Id))
            {
                return CaseMessages.AlreadyVoted(step, party);
            }

            if (votes.Any(v => v.ActorId == actor.Id))
            {
                return CaseMessages.AlreadyVoted(step, null);
            }

            votes = [.. votes, new ConsultationVote(step.Id, party.Id, actor.Id, command.Agree, now, command.Comment)];
            var agreed = votes.Count(v => v.Agree);
            var disagreed = votes.Count - agreed;
            var all = step.EffectiveRequire == ConsultationRule.All;
            var settled = all ? agreed == step.Parties.Count : agreed > 0;
            var failed = all ? disagreed > 0 : disagreed == step.Parties.Count;
            var voted = state with { Votes = votes };

            if (settled)
            {
                return Change.To(Advance(voted), command.Comment);
            }

            if (!failed)
            {
                return Change.To(voted, command.Comment);
            }

            if (step.EffectiveOnDisagree == DisagreementRule.Refuse)
            {
                return Change.To(voted with { Status = CaseStatus.Refused, Outcome = CaseOutcome.Refuse, ClosedAt = now, Handler = null }, command.Comment);
            }

            // A consultation that fails at the first step has nowhere to go back to: its opinions are cleared and it starts over.
            return Change.To(state.StepIndex == 0 ? voted with { Votes = [], StepStartedAt = now } : Back(voted, state.StepIndex - 1), command.Comment);
        }

        public Change Return(ReturnStep command)
        {
            RouteStep step;
            int target;
            if (state.Status == CaseStatus.ReadyForDecision)
            {
                step = StepAt(state.Plan.Count - 1);
                target = state.Plan.Count - 1;
                if ((StaffGuard() ?? EligibleGuard(step)) is { } refusal)
                {
                    return refusal;
                }
            }
            else
            {
                step = Current();
                target = state.StepIndex - 1;
                if ((StaffGuard() ?? EligibleGuard(step) ?? HandlerGuard(step)) is { } refusal)
                {
                    return refusal;
                }

                if (state.StepIndex == 0)
                {
                    return CaseMessages.FirstStep(step);
                }
            }

            if (string.IsNullOrWhiteSpace(command.Comment))
            {
                return CaseMessages.CommentRequired();
            }

            return Change.To(Back(state, target), command.Comment);
        }

        public Change RequestCorrection(RequestCorrection command)
        {
            var step = Current();
            if (step.Kind != StepKind.Review)
            {
                return CaseMessages.NotReviewStep(step);
            }

            if ((StaffGuard() ?? EligibleGuard(step) ?? HandlerGuard(step)) is { } refusal)
            {
                return refusal;
            }

            var fields = command.Fields ?? [];
            if (string.IsNullOrWhiteSpace(command.Message) && fields.Count == 0)
            {
                return CaseMessages.EmptyCorrection();
            }

            if (fields.Any(f => f is null || string.IsNullOrWhiteSpace(f.FieldId) || string.IsNullOrWhiteSpace(f.Comment)))
            {
                return CaseMessages.BlankFieldComment();
            }

            var request = new CorrectionRequest
            {
                StepId = step.Id,
                RequestedBy = actor.Id,
                RequestedAt = now,
                Message = string.IsNullOrWhiteSpace(command.Message) ? null : command.Message,
                Fields = [.. fields],
                ReplyBy = command.ReplyBy,
            };
            return Change.To(
                state with { Status = CaseStatus.CorrectionRequested, Correction = request, Pauses = [.. state.Pauses, new PauseInterval(now, null)] },
                request.Message);
        }

        public Change Resubmit(Resubmit command, IExprValues answers)
        {
            if (ApplicantGuard() is { } refusal)
            {
                return refusal;
            }

            // Approvals were given on the old answers: review restarts from the first step of the recomputed route.
            return Change.To(
                state with
                {
                    Status = CaseStatus.Resubmitted,
                    Plan = RoutePlanner.Plan(route, answers, now),
                    StepIndex = 0,
                    Handler = null,
                    Approvals = [],
                    Votes = [],
                    Correction = state.Correction is { } c ? c with { ResubmittedAt = now } : null,
                    Pauses = ClosePause(),
                    StepStartedAt = now,
                },
                command.Comment);
        }

        public Change Decide(Decide command)
        {
            // The decision belongs to whoever may act on the last applicable step (the holder of the final authority).
            var last = StepAt(state.Plan.Count - 1);
            if ((StaffGuard() ?? EligibleGuard(last)) is { } refusal)
            {
                return refusal;
            }

            if (!route.EffectiveOutcomes.Contains(command.Outcome))
            {
                return CaseMessages.OutcomeNotAllowed(command.Outcome, route.EffectiveOutcomes);
            }

            if (command.Outcome != CaseOutcome.Grant && string.IsNullOrWhiteSpace(command.Comment))
            {
                return CaseMessages.ReasonRequired(command.Outcome);
            }

            var status = command.Outcome switch
            {
                CaseOutcome.Grant => CaseStatus.Granted,
                CaseOutcome.Refuse => CaseStatus.Refused,
                _ => CaseStatus.Dismissed,
            };
            return Change.To(state with { Status = status, Outcome = command.Outcome, ClosedAt = now }, command.Comment);
        }

        public Change Withdraw(Withdraw command)
        {
            if (ApplicantGuard() is { } refusal)
            {
                return refusal;
            }

            return Change.To(state with { Status = CaseStatus.Withdrawn, Handler = null, ClosedAt = now, Pauses = ClosePause() }, command.Reason);
        }

        // Apply checked that every planned step exists in the route.
        private RouteStep StepAt(int index) => route.FindStep(state.Plan[index])!;

        // Before review starts the "current" step is the first one (Claim and Assign prepare it).
        private RouteStep Current() => StepAt(state.StepIndex);

        private CaseRefusal? StaffGuard() =>
            actor.Kind != ActorKind.Staff ? CaseMessages.NotStaff()
            : actor.Id == state.ApplicantId ? CaseMessages.SelfApproval()
            : null;

        private CaseRefusal? ApplicantGuard() =>
            actor.Kind != ActorKind.Applicant || (state.ApplicantId is { } applicant && applicant != actor.Id) ? CaseMessages.NotApplicant() : null;

        private CaseRefusal? EligibleGuard(RouteStep step) => step.Admits(actor) ? null : CaseMessages.NotAssignee(step);

        private CaseRefusal? HandlerGuard(RouteStep step) =>
            state.Handler is { } handler && handler != actor.Id ? CaseMessages.AssignedToOther(step, handler) : null;

        private static CaseRefusal? StepGuard(RouteStep current, string? requested) =>
            requested is not null && requested != current.Id ? CaseMessages.StepMismatch(current, requested) : null;

        /// <summary>Separation of duties: another step of this pass that the person already approved, if the route asks for distinct approvers.</summary>
        private RouteStep? PriorApproval(RouteStep step, string personId) =>
            route.EffectiveDistinctApprovers && state.Approvals.FirstOrDefault(a => a.ActorId == personId && a.StepId != step.Id) is { } prior
                ? route.FindStep(prior.StepId)
                : null;

        private CaseState Advance(CaseState current)
        {
            var next = current.StepIndex + 1;
            return current with
            {
                Status = next == current.Plan.Count ? CaseStatus.ReadyForDecision : CaseStatus.InReview,
                StepIndex = next,
                Handler = null,
                Votes = [],
                StepStartedAt = now,
            };
        }

        /// <summary>Back to <paramref name="target"/>: its approval and every later one are voided, and the person who gave it handles it again.</summary>
        private CaseState Back(CaseState current, int target)
        {
            var step = StepAt(target);
            var voided = current.Plan.Skip(target).ToHashSet(StringComparer.Ordinal);
            var prior = current.Approvals.LastOrDefault(a => a.StepId == step.Id);
            return current with
            {
                Status = CaseStatus.InReview,
                StepIndex = target,
                Handler = step.Kind == StepKind.Consultation ? null : prior?.ActorId,
                Approvals = [.. current.Approvals.Where(a => !voided.Contains(a.StepId))],
                Votes = [],
                StepStartedAt = now,
            };
        }

        private IReadOnlyList<PauseInterval> ClosePause() =>
            state.Pauses.Count > 0 && state.Pauses[^1] is { To: null } open ? [.. state.Pauses.Take(state.Pauses.Count - 1), open with { To = now }] : state.Pauses;
    }
}
