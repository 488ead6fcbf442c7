using System.Diagnostics;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Server.Features.Designer;

/// <summary>
/// The state of one open designer: the definition as edited, the selection, the undo history and the problems of
/// the current definition. No I/O; the page saves and previews what this holds.
/// </summary>
public sealed class DesignerSession
{
    private readonly DesignerHistory<DesignerSnapshot> _history;
    private readonly TimeProvider _clock;

    public DesignerSession(ProcedureDefinition initial, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        Definition = initial;
        Selection = initial.Pages.Count > 0 ? DesignerSelection.Of(NodePath.ForPage(0)) : DesignerSelection.Procedure;
        _history = new DesignerHistory<DesignerSnapshot>(new DesignerSnapshot(initial, Selection));
        Problems = Validate(initial);
    }

    public ProcedureDefinition Definition { get; private set; }

    public DesignerSelection Selection { get; private set; }

    public DesignerProblems Problems { get; private set; }

    /// <summary>Goes up by one with every change of the definition (edits, undo, redo); saving compares against it.</summary>
    public long Revision { get; private set; }

    /// <summary>How long the last check of the definition took (serialise and parse), for the performance note.</summary>
    public TimeSpan LastValidation { get; private set; }

    public bool CanUndo => _history.CanUndo;

    public bool CanRedo => _history.CanRedo;

    /// <summary>
    /// Makes <paramref name="next"/> the current definition as one undo step (or part of the previous one when
    /// <paramref name="coalesceKey"/> matches it). Returns false when nothing changed.
    /// </summary>
    public bool Apply(ProcedureDefinition next, DesignerSelection? selection = null, string? coalesceKey = null)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (ReferenceEquals(next, Definition) || next == Definition)
        {
            if (selection is not null)
            {
                Select(selection);
            }

            return false;
        }

        Definition = next;
        Selection = (selection ?? Selection).ClampTo(next);
        _history.Push(new DesignerSnapshot(next, Selection), coalesceKey, _clock.GetUtcNow());
        Problems = Validate(next);
        Revision++;
        return true;
    }

    public void Select(DesignerSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        Selection = selection.ClampTo(Definition);
        _history.ReplaceCurrent(new DesignerSnapshot(Definition, Selection));
        _history.Seal();
    }

    public bool Undo() => Restore(_history.CanUndo, () => _history.Undo());

    public bool Redo() => Restore(_history.CanRedo, () => _history.Redo());

    private bool Restore(bool possible, Func<DesignerSnapshot> step)
    {
        if (!possible)
        {
            return false;
        }

        var snapshot = step();
        Definition = snapshot.Definition;
        Selection = snapshot.Selection.ClampTo(Definition);
        Problems = Validate(Definition);
        Revision++;
        return true;
    }

    private DesignerProblems Validate(ProcedureDefinition definition)
    {
        var started = Stopwatch.GetTimestamp();
        var problems = DesignerValidator.Validate(definition);
        LastValidation = Stopwatch.GetElapsedTime(started);
        return problems;
    }
}
