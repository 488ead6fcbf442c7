using Madoguchi.Core.Procedures;

namespace Madoguchi.Server.Features.Designer;

/// <summary>
/// What the designer's parts (outline nodes, property panels) ask of the page that owns the state. Passed as one
/// stable reference instead of per-render lambdas, so an outline node's parameters only change when its content does.
/// </summary>
public interface IDesignerHost
{
    ProcedureDefinition Definition { get; }

    DesignerProblems Problems { get; }

    void Select(DesignerSelection selection);

    /// <summary>Edits one field; <paramref name="coalesceKey"/> merges quick successive edits of one property into one undo step.</summary>
    void UpdateField(NodePath path, Func<FieldDefinition, FieldDefinition> update, string? coalesceKey);

    void UpdatePage(int index, Func<PageDefinition, PageDefinition> update, string? coalesceKey);

    void UpdateProcedure(Func<ProcedureDefinition, ProcedureDefinition> update, string? coalesceKey);

    /// <summary>Replaces the whole definition (renames that update references, structural edits) as one undo step.</summary>
    void Replace(ProcedureDefinition definition, DesignerSelection? selection, string? coalesceKey);

    /// <summary>Says something to screen-reader users through the live region.</summary>
    void Announce(string message);

    /// <summary>Moves the keyboard focus to the element matching a CSS selector once the page has rendered.</summary>
    void FocusAfterRender(string selector);
}
