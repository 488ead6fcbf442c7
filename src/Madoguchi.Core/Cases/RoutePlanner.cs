using System.Runtime.CompilerServices;
using Madoguchi.Core.Expressions;

namespace Madoguchi.Core.Cases;

/// <summary>Works out which steps of a route apply to an application, from its answers.</summary>
public static class RoutePlanner
{
    private static readonly ConditionalWeakTable<RouteStep, ParsedCondition> Conditions = new();

    /// <summary>
    /// The steps that apply, in route order: a step without <c>when</c> always applies; a step with one applies when
    /// the condition is true. A blank answer makes most conditions null, and null is not true, so the step is skipped
    /// (as with visibleWhen). A condition that cannot be parsed or fails to evaluate (division by zero) keeps the step:
    /// when in doubt, more review rather than less.
    /// </summary>
    public static IReadOnlyList<RouteStep> Applicable(RouteDefinition route, ExprEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(environment);
        var steps = new List<RouteStep>();
        foreach (var step in route.Steps)
        {
            if (step.When is null)
            {
                steps.Add(step);
                continue;
            }

            var condition = Conditions.GetValue(step, static s => new ParsedCondition(ExprParser.Parse(s.When!).Ast));
            if (condition.Expr is not { } expr)
            {
                steps.Add(step);
                continue;
            }

            var result = ExprEvaluator.Evaluate(expr, environment);
            if (result.IsError || result.Value is BoolValue { Value: true })
            {
                steps.Add(step);
            }
        }

        return steps;
    }

    /// <summary>The ids of the applicable steps, with "today" for date functions taken as the date in Japan at <paramref name="now"/>.</summary>
    public static IReadOnlyList<string> Plan(RouteDefinition route, IExprValues answers, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return [.. Applicable(route, new ExprEnvironment(answers, CaseClock.JapanDate(now))).Select(s => s.Id)];
    }

    private sealed class ParsedCondition(Expr? expr)
    {
        public Expr? Expr { get; } = expr;
    }
}
