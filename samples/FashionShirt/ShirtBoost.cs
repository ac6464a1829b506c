using ModelGen;

namespace FashionShirt;

/// <summary>Shirt against the rest: 100 boosted trees of depth 6 on the 784 pixels, 255 bins, XGBoost's other defaults.</summary>
[Input(784)]
[GradientBoostedTrees(Trees = 100, MaxDepth = 6)]
public partial class ShirtBoost
{
}
