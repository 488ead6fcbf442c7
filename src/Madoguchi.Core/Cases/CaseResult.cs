using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Cases;

/// <summary>Why a command was refused: a stable code (see docs/case-handling.md) and a message in Japanese and English.</summary>
public sealed record CaseRefusal(string Code, LocalizedText Message);

/// <summary>
/// The outcome of <see cref="CaseMachine.Apply"/>: either the new state and the transition to append to the audit
/// log, or a refusal (the state is then returned unchanged, version included).
/// </summary>
public sealed record CaseResult
{
    private CaseResult(CaseState state, CaseTransition? transition, CaseRefusal? refusal)
    {
        State = state;
        Transition = transition;
        Refusal = refusal;
    }

    public CaseState State { get; }

    /// <summary>The transition recorded by an accepted command (also the last entry of <see cref="CaseState.History"/>).</summary>
    public CaseTransition? Transition { get; }

    public CaseRefusal? Refusal { get; }

    public bool IsAccepted => Refusal is null;

    /// <summary>The transitions to write to the audit log: one for an accepted command, none for a refusal.</summary>
    public IReadOnlyList<CaseTransition> Transitions => Transition is null ? [] : [Transition];

    internal static CaseResult Accepted(CaseState state, CaseTransition transition) => new(state, transition, null);

    internal static CaseResult Refused(CaseState state, CaseRefusal refusal) => new(state, null, refusal);
}
