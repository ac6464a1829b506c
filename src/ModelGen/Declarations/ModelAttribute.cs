using System;

namespace ModelGen;

/// <summary>
/// Files the generator reads at build time for this model. Each must be an <c>AdditionalFiles</c> item of the project
/// (<c>&lt;AdditionalFiles Include="cancer.mgwt" /&gt;</c>); the generator finds it by the path's ending.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ModelAttribute : Attribute
{
    /// <summary>
    /// A text weights file (<c>.mgwt</c>, written by <c>TextWeightsFile.Save</c>) whose parameters the generator bakes
    /// into the model as constants: <c>CreateTrained()</c> returns the trained model without reading any file at run time.
    /// </summary>
    public string? Weights { get; set; }

    /// <summary>
    /// For a tree model: a text tree file (<c>.mgtt</c>, written by <c>TreeModelFile.Save</c>) that the generator compiles
    /// into code: <c>CreateTrained()</c> returns the trained model, whose <c>Predict</c> runs the compiled trees.
    /// </summary>
    public string? Trees { get; set; }

    /// <summary>
    /// For an SVM or one-class SVM: a text support-vector file (<c>.mgsv</c>, written by <c>SvmModelFile.Save</c>) baked
    /// into the model: <c>CreateTrained()</c> returns the trained machine with no file at run time.
    /// </summary>
    public string? SupportVectors { get; set; }

    /// <summary>
    /// A CSV file (<c>.csv</c>) whose header names the features, in input order: the generator emits a <c>Features</c>
    /// record with one <see cref="float"/> property per column and a <c>Predict(in Features)</c> overload.
    /// Only the first line is read, so the training data itself will do.
    /// </summary>
    public string? FeatureHeader { get; set; }

    /// <summary>A column of <see cref="FeatureHeader"/> that is not a feature (the label), left out of the record.</summary>
    public string? LabelColumn { get; set; }

    /// <summary>
    /// The one character that separates <see cref="FeatureHeader"/>'s columns (default <c>","</c>), as
    /// <c>CsvOptions.Delimiter</c> at run time; both split and unquote the header with the same reader.
    /// </summary>
    public string? Delimiter { get; set; }
}
