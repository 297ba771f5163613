/* precis-infer — placeholder until its issue lands: prints the version. */
#include <stdio.h>
#include "precis.h"

int main(void)
{
    printf("precis-infer %s\n", PRECIS_VERSION_STRING);
    return 0;
}
