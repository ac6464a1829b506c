// Linked as source into ModelGen.Generators so the generator and the runtime cannot disagree.
namespace ModelGen;

/// <summary>The update rule applied to the parameters after each minibatch (or, for L-BFGS, after each full-batch iteration).</summary>
#if MODELGEN_GENERATOR
internal
#else
public
#endif
enum OptimizerKind
{
    /// <summary>Stochastic gradient descent with optional (Nesterov) momentum, as Keras's <c>SGD</c>.</summary>
    Sgd = 0,

    /// <summary>Adam, as Keras's <c>Adam</c>.</summary>
    Adam = 1,

    /// <summary>Adam with decoupled weight decay, as Keras's <c>AdamW</c>.</summary>
    AdamW = 2,

    /// <summary>RMSprop with optional momentum and centering, as Keras's <c>RMSprop</c>.</summary>
    RmsProp = 3,

    /// <summary>
    /// Limited-memory BFGS on the whole training set at once with a strong-Wolfe line search, as PyTorch's
    /// <c>LBFGS(line_search_fn="strong_wolfe")</c>: for the small data sets of tabular work it converges in far fewer
    /// passes than minibatch methods. <c>Fit</c> runs it; one epoch is one iteration.
    /// </summary>
    Lbfgs = 4,

    /// <summary>
    /// Nonlinear conjugate gradient (Polak–Ribière+, restarted every n iterations or when a direction stops descending)
    /// on the whole training set with the same strong-Wolfe line search; <c>Fit</c> runs it, one epoch an iteration.
    /// </summary>
    ConjugateGradient = 5,

    /// <summary>
    /// Truncated Newton (scikit-learn's and SciPy's <c>newton-cg</c>): each iteration solves the Newton system
    /// approximately by conjugate gradient on Hessian-vector products, then searches along the result with the same
    /// strong-Wolfe line search; <c>Fit</c> runs it, one epoch an iteration.
    /// </summary>
    NewtonCg = 6,

    /// <summary>
    /// Newton's method with the exact Hessian and a Cholesky solve (iteratively reweighted least squares), for logistic
    /// regression — one <c>Dense(1, Sigmoid)</c> layer with binary cross-entropy — with few features: a handful of
    /// iterations to the optimum. <c>Fit</c> runs it, one epoch an iteration.
    /// </summary>
    Newton = 7,
}
