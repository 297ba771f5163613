/*
 * mpi_comm.h — precis_comm over MPI, for precis-train-mpi only (the library
 * knows nothing of MPI).
 */
#ifndef PRECIS_MPI_COMM_H
#define PRECIS_MPI_COMM_H

#include <mpi.h>

#include "precis.h"

/* c talks over a duplicate of world; MPI's default error handler (errors are
 * fatal) stays, so a lost process ends the job. */
int mpi_comm_open(precis_comm *c, MPI_Comm world);
void mpi_comm_close(precis_comm *c);

#endif
