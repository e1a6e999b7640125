package analysis

import "strings"

// Partitions and Regions, from botocore 1.43.11's data/partitions.json (the list the AWS
// SDKs resolve endpoints with). The Region checks (INVALID_ARN_REGION, INVALID_REGION) accept
// these names; a Region AWS opens later is reported until this list is refreshed.

// partitions lists the partition IDs in the order the INVALID_PARTITION message names them.
var partitions = []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}

var regions = map[string]bool{}

func init() {
	for _, r := range strings.Fields(`
		af-south-1 ap-east-1 ap-east-2 ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-south-1 ap-south-2
		ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 ap-southeast-5 ap-southeast-6 ap-southeast-7
		ca-central-1 ca-west-1 eu-central-1 eu-central-2 eu-north-1 eu-south-1 eu-south-2 eu-west-1 eu-west-2
		eu-west-3 il-central-1 me-central-1 me-south-1 mx-central-1 sa-east-1 us-east-1 us-east-2 us-west-1
		us-west-2
		cn-north-1 cn-northwest-1
		us-gov-east-1 us-gov-west-1
		us-iso-east-1 us-iso-west-1 us-isob-east-1 us-isob-west-1 eu-isoe-west-1 us-isof-east-1 us-isof-south-1
		eusc-de-east-1`) {
		regions[r] = true
	}
}

func knownPartition(p string) bool {
	for _, x := range partitions {
		if x == p {
			return true
		}
	}
	return false
}

// knownRegion reports whether r names a Region of some partition.
func knownRegion(r string) bool { return regions[r] }
