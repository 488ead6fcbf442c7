namespace Madoguchi.Core.Procedures;

/// <summary>One thing wrong with an imported definition.</summary>
/// <param name="Path">JSON path of the offending value, e.g. <c>$.pages[0].fields[3].choices</c>.</param>
/// <param name="Code">Stable machine code (see docs/procedure-format.md).</param>
/// <param name="Message">What is wrong and where, in Japanese and English.</param>
public sealed record DefinitionProblem(string Path, string Code, LocalizedText Message);

/// <summary>
/// The outcome of <see cref="ProcedureDefinitionParser.Parse"/>. <see cref="Definition"/> is present whenever the
/// text was a JSON object (even with problems, so the designer can show what was understood); only
/// <see cref="IsValid"/> means it may be published.
/// </summary>
public sealed record DefinitionParseResult(ProcedureDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems)
{
    public bool IsValid => Definition is not null && Problems.Count == 0;
}
