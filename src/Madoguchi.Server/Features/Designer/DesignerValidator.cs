using System.Globalization;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Server.Features.Designer;

/// <summary>
/// Checks the definition being designed with the parser itself, so the designer shows exactly what an import or a
/// publish would refuse — rule expressions included (syntax, field names in scope, types, calculation cycles), each
/// at its JSON path.
/// </summary>
public static class DesignerValidator
{
    public static DesignerProblems Validate(ProcedureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new DesignerProblems([.. ProcedureDefinitionParser.Parse(ProcedureJson.Serialize(definition)).Problems, .. Seals.ProcedureTemplates.Problems(definition)]);
    }

    /// <summary>The parser's JSON path of an element: <c>$.pages[1]</c>, <c>$.pages[1].fields[0].fields[2]</c>.</summary>
    public static string JsonPath(NodePath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"$.pages[{path.Page}]");
        foreach (var index in path.Indices)
        {
            text.Append(CultureInfo.InvariantCulture, $".fields[{index}]");
        }

        return text.ToString();
    }
}
