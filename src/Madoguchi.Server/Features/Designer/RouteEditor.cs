using Madoguchi.Core.Cases;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Server.Features.Designer;

/// <summary>
/// Pure edits of a procedure's approval route (決裁ルート), in the style of <see cref="DefinitionEditor"/>: every edit
/// returns a new definition that shares every untouched step. A definition without a route follows
/// <see cref="RouteDefinition.Default"/>; adding the first step creates the route, deleting its last step goes back to
/// the default, so a route is never stored empty.
/// </summary>
public static class RouteEditor
{
    /// <summary>The steps as stored (none when the procedure follows the default route).</summary>
    public static IReadOnlyList<RouteStep> Steps(ProcedureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Route?.Steps ?? [];
    }

    public static ProcedureDefinition WithSteps(ProcedureDefinition definition, IReadOnlyList<RouteStep> steps)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0)
        {
            return definition with { Route = null };
        }

        return definition with { Route = (definition.Route ?? new RouteDefinition()) with { Steps = steps } };
    }

    /// <summary>Edits the route-level settings (outcomes, separation of duties); creates the route from the default when there is none.</summary>
    public static ProcedureDefinition UpdateRoute(ProcedureDefinition definition, Func<RouteDefinition, RouteDefinition> update)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(update);
        return definition with { Route = update(definition.Route ?? RouteDefinition.Default) };
    }

    /// <summary>A new id for a step of <paramref name="kind"/>, unique within the route: review1, approval2, consultation1.</summary>
    public static string NewStepId(RouteDefinition? route, StepKind kind)
    {
        var used = new HashSet<string>((route?.Steps ?? []).Select(s => s.Id), StringComparer.Ordinal);
        return DesignerIds.Next(KindName(kind), used);
    }

    public static string KindName(StepKind kind) => kind switch
    {
        StepKind.Review => "review",
        StepKind.Approval => "approval",
        _ => "consultation",
    };

    /// <summary>Inserts a step at <paramref name="index"/> (clamped); returns the definition and where the step went.</summary>
    public static (ProcedureDefinition Definition, int Index) AddStep(ProcedureDefinition definition, int index, RouteStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var steps = Steps(definition).ToList();
        index = Math.Clamp(index, 0, steps.Count);
        steps.Insert(index, step);
        return (WithSteps(definition, steps), index);
    }

    /// <summary>A copy of the step with a new id (and the same parties) placed right after it.</summary>
    public static (ProcedureDefinition Definition, int Index) DuplicateStep(ProcedureDefinition definition, int index)
    {
        var step = Steps(definition)[index];
        return AddStep(definition, index + 1, step with { Id = NewStepId(definition.Route, step.Kind) });
    }

    public static ProcedureDefinition RemoveStep(ProcedureDefinition definition, int index)
    {
        var steps = Steps(definition).ToList();
        steps.RemoveAt(index);
        return WithSteps(definition, steps);
    }

    /// <summary>Moves a step to <paramref name="to"/> (its index after the move); null when nothing changes.</summary>
    public static ProcedureDefinition? MoveStep(ProcedureDefinition definition, int from, int to)
    {
        var steps = Steps(definition).ToList();
        if (from < 0 || from >= steps.Count || to < 0 || to >= steps.Count || from == to)
        {
            return null;
        }

        var step = steps[from];
        steps.RemoveAt(from);
        steps.Insert(to, step);
        return WithSteps(definition, steps);
    }

    public static ProcedureDefinition UpdateStep(ProcedureDefinition definition, int index, Func<RouteStep, RouteStep> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var steps = Steps(definition);
        var next = update(steps[index]);
        if (ReferenceEquals(next, steps[index]))
        {
            return definition;
        }

        var copy = steps.ToArray();
        copy[index] = next;
        return WithSteps(definition, copy);
    }

    /// <summary>
    /// Changes the kind of a step. A consultation names its parties instead of one set of people, so going to or from a
    /// consultation moves the role, department and staff into (or out of) a first party rather than losing them.
    /// </summary>
    public static RouteStep WithKind(RouteStep step, StepKind kind)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.Kind == kind)
        {
            return step;
        }

        if (kind == StepKind.Consultation)
        {
            var party = new ConsultationParty { Id = "party1", Role = step.Role, Department = step.Department, Staff = step.Staff };
            return step with { Kind = kind, Role = null, Department = null, Staff = null, Assignees = [party] };
        }

        if (step.Kind == StepKind.Consultation)
        {
            var first = step.Parties.Count > 0 ? step.Parties[0] : null;
            return step with
            {
                Kind = kind,
                Role = first?.Role,
                Department = first?.Department,
                Staff = first?.Staff,
                Assignees = null,
                Require = null,
                OnDisagree = null,
            };
        }

        return step with { Kind = kind };
    }

    /// <summary>Adds a party to a consultation, with a new id unique within the step.</summary>
    public static RouteStep AddParty(RouteStep step, ConsultationParty party)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(party);
        var used = new HashSet<string>(step.Parties.Select(p => p.Id), StringComparer.Ordinal);
        return step with { Assignees = [.. step.Parties, party with { Id = DesignerIds.Next("party", used) }] };
    }

    public static RouteStep RemoveParty(RouteStep step, int index)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step with { Assignees = [.. step.Parties.Where((_, i) => i != index)] };
    }

    public static RouteStep UpdateParty(RouteStep step, int index, Func<ConsultationParty, ConsultationParty> update)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(update);
        return step with { Assignees = [.. step.Parties.Select((p, i) => i == index ? update(p) : p)] };
    }

    /// <summary>
    /// Allows or forbids one decision. The outcomes keep the format's order; allowing all three stores nothing (the
    /// default), so an untouched route stays as short as it was written.
    /// </summary>
    public static RouteDefinition WithOutcome(RouteDefinition route, CaseOutcome outcome, bool allowed)
    {
        ArgumentNullException.ThrowIfNull(route);
        var set = route.EffectiveOutcomes.ToHashSet();
        if (allowed)
        {
            set.Add(outcome);
        }
        else
        {
            set.Remove(outcome);
        }

        var list = RouteDefinition.AllOutcomes.Where(set.Contains).ToList();
        return route with { Outcomes = list.Count == RouteDefinition.AllOutcomes.Count ? null : list };
    }

    /// <summary>Turns "a b, c" into the distinct non-blank staff ids in order, or null when there are none.</summary>
    public static IReadOnlyList<string>? StaffList(IEnumerable<string>? ids)
    {
        var list = (ids ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? null : list;
    }
}
