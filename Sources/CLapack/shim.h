// The LAPACK routines BilevelCore uses, from OpenBLAS (Debian: libopenblas-dev, found via
// pkg-config "openblas"). Declared here (Fortran calling convention: every argument by
// pointer, column-major storage, a hidden length for each character argument) so that no
// particular LAPACK header layout is required.
#include <stddef.h>

// LU factorization with partial pivoting of an m x n column-major matrix: A = P L U.
void dgetrf_(const int *m, const int *n, double *a, const int *lda, int *ipiv, int *info);

// Solves A X = B (trans "N") or A^T X = B (trans "T") with the factors from dgetrf_.
void dgetrs_(const char *trans, const int *n, const int *nrhs, const double *a, const int *lda,
             const int *ipiv, double *b, const int *ldb, int *info, size_t trans_len);

// Band LU with partial pivoting of an n x n band matrix (kl sub-, ku super-diagonals) stored
// in LAPACK band format with leading dimension ldab = 2 kl + ku + 1, and the matching solve.
void dgbtrf_(const int *m, const int *n, const int *kl, const int *ku, double *ab, const int *ldab,
             int *ipiv, int *info);
void dgbtrs_(const char *trans, const int *n, const int *kl, const int *ku, const int *nrhs,
             const double *ab, const int *ldab, const int *ipiv, double *b, const int *ldb, int *info,
             size_t trans_len);

// Number of threads OpenBLAS may use (BilevelCore sets 1: jobs already run in parallel).
void openblas_set_num_threads(int num_threads);

// glibc's mallopt (keep large factor arrays in the heap; see LAPACK.configured).
#if defined(__linux__)
#include <malloc.h>
#endif
