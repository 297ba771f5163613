/*
 * precis-train — train a topic model on a labeled corpus and say how good it is.
 *
 * One process: the pipeline (run.c) over the one-process precis_comm.
 * Exit status: 0 success, 1 bad input or failure (records skipped count: the
 * model is still written, but the status says the run was not clean), 2 bad usage.
 */
#include "precis.h"
#include "train.h"

int main(int argc, char **argv)
{
    precis_comm one;
    precis_comm_single(&one);
    return train_main(argc, argv, &one, NULL);
}
