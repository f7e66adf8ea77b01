import { MessageEditor } from '../../messages/MessageEditor';
import { CustomerHourFlag } from './CustomerHourFlag';
import { ServiceFlag } from './ServiceFlag';
import type { NodeFormProps } from './types';

export function SendForm(props: NodeFormProps<'send'>) {
  return (
    <>
      <MessageEditor {...props} />
      <ServiceFlag config={props.config} onChange={(config) => props.onChange(config)} />
      <CustomerHourFlag config={props.config} doc={props.doc} onChange={(config) => props.onChange(config)} />
    </>
  );
}
