/*
 * precis-train-mpi — precis-train over the processes of an MPI job: each
 * reads its share of the corpus and the model equals precis-train's, byte
 * for byte, whatever the number of processes.
 *
 * This file owns starting and ending MPI, refusing a launch that would make
 * every process train alone, and ending the whole job when one process
 * fails (MPI_Abort: a non-zero exit, and no model written). The pipeline
 * is precis-train's own (run.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "mpi_comm.h"
#include "precis.h"
#include "train.h"

static void abort_job(int status)
{
    fflush(stdout);
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, status ? status : 1);
}

/* A task count from the environment (0: unset or not a number). */
static long env_tasks(const char *name)
{
    const char *s = getenv(name);
    if (!s || !*s)
        return 0;
    char *end;
    long n = strtol(s, &end, 10);
    return *end == '\0' && n > 0 ? n : 0;
}

/* A launcher that started several tasks, each of which MPI sees alone,
 * would train P models on the whole corpus (and race on -o): a precis-train-
 * mpi built against another MPI than the launcher's, or srun without
 * --mpi=pmix. Slurm's step count is preferred to the job's. */
static int launch_mismatch(int size)
{
    static const char *const names[] = {"SLURM_STEP_NUM_TASKS", "OMPI_COMM_WORLD_SIZE",
                                        "PMI_SIZE", "PMIX_SIZE"};
    long said = 0;
    const char *by = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !said; i++)
        if ((said = env_tasks(names[i])) != 0)
            by = names[i];
    if (!said && (said = env_tasks("SLURM_NTASKS")) != 0)
        by = "SLURM_NTASKS";
    if (!said || said == size)
        return 0;
    fprintf(stderr,
            PROG ": %s says this job has %ld tasks, but MPI sees %d process%s: each would train "
                 "on its own. Start it with the launcher of the MPI it was built with (mpirun), "
                 "or under Slurm with srun --mpi=pmix (see README: Training on a cluster)\n",
            by, said, size, size == 1 ? "" : "es");
    return 1;
}

int main(int argc, char **argv)
{
    int provided = 0;
    /* only the main thread calls MPI; the solver's threads never do */
    if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        fprintf(stderr, PROG ": MPI could not start\n");
        return 1;
    }
    int size = 1, rank = 0;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (launch_mismatch(size)) {
        MPI_Finalize();
        return 1;
    }
    precis_comm comm;
    memset(&comm, 0, sizeof comm);
    if (mpi_comm_open(&comm, MPI_COMM_WORLD) != 0) {
        fprintf(stderr, PROG ": MPI could not make a communicator\n");
        abort_job(1);
    }
    /* Figures and results are rank 0's; warnings come from every rank. */
    if (rank > 0 && !freopen("/dev/null", "w", stdout))
        abort_job(1);
    int rc = train_main(argc, argv, &comm, abort_job);
    mpi_comm_close(&comm);
    MPI_Finalize();
    return rc;
}
